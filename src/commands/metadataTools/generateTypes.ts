// "Generate TypeScript Types…": Web API types for chosen tables (the explorer's selection, a filter or
// a solution), written to one file or a folder. A file whose content would not change is left as it
// is, so a rerun over the same metadata changes nothing on disk (and nothing in git).
import * as vscode from 'vscode';
import type { ConnectionsService } from '../../connections/connectionsService';
import type { MetadataService } from '../../connections/metadataService';
import { COMMAND } from '../../core/ids';
import type { TableInfo } from '../../core/metadata/model';
import { generateTypes, keepUnchanged } from '../../core/metadata/typegen/generate';
import type { OrgUrl } from '../../core/org/orgUrl';
import { TableNode } from '../../explorer/nodes/tableNodes';
import { collectDetails } from '../../metadataTools/collect';
import type { Command } from '../command';
import { chooseOrg, chooseTables, chooseTarget } from './choose';
import { formatCount } from '../../core/numberFormat';

/** Arguments for running it without questions (tasks, keybindings, tests). */
interface GenerateArgs {
  readonly org?: string;
  /** Logical names, `*` wildcards, commas between. */
  readonly tables?: string;
  /** A file path (layout "file") or a folder path (layout "folder"). */
  readonly target?: string;
  readonly layout?: 'file' | 'folder';
}

export interface GenerateResult {
  readonly files: string[];
  readonly written: number;
  readonly unchanged: number;
}

function fromExplorer(node: unknown, nodes: unknown): { org: OrgUrl; tables: TableInfo[] } | undefined {
  const selected = (Array.isArray(nodes) && nodes.length ? nodes : [node]).filter(
    (n): n is TableNode => n instanceof TableNode,
  );
  if (!selected.length) return undefined;
  const org = selected[0]!.org;
  return { org, tables: selected.filter((n) => n.org.url === org.url).map((n) => n.table) };
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export function generateTypesCommand(metadata: MetadataService, connections: ConnectionsService): Command {
  return {
    id: COMMAND.generateTypes,
    run: async (first?: unknown, second?: unknown): Promise<GenerateResult> => {
      const title = vscode.l10n.t('Generate TypeScript Types');
      const args: GenerateArgs = first && typeof first === 'object' && !(first instanceof TableNode) ? first : {};
      const picked = fromExplorer(first, second);
      const org = picked?.org ?? (await chooseOrg(connections, args.org, title)).org;
      const tables = picked?.tables ?? (await chooseTables(metadata, connections, org, args.tables, title));
      const layout = args.layout ?? (await chooseLayout(title));
      const target = await chooseTarget(args.target, layout, 'dataverse.ts', { TypeScript: ['ts'] });
      const details = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return collectDetails(metadata, org, tables, {
            signal: abort.signal,
            progress: (done, total) =>
              progress.report({
                message: vscode.l10n.t('{0} of {1} tables', formatCount(done), formatCount(total)),
                increment: 100 / total,
              }),
          });
        },
      );
      const files = generateTypes({
        orgUrl: org.url,
        metadataVersion: metadata.versionStamp(org),
        allTables: await metadata.tables(org),
        tables: details,
        generatedAt: new Date(),
        layout,
      });
      const base = layout === 'file' ? vscode.Uri.joinPath(target, '..') : target;
      let written = 0;
      const paths: string[] = [];
      for (const f of files) {
        const uri = layout === 'file' ? target : vscode.Uri.joinPath(base, f.path);
        const next = keepUnchanged(await readText(uri), f.content);
        if (next.changed) {
          await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(next.content));
          written++;
        }
        paths.push(uri.fsPath);
      }
      const message =
        written === 0
          ? vscode.l10n.t('The types of {0} tables are up to date in {1}.', formatCount(tables.length), target.fsPath)
          : vscode.l10n.t(
              'Wrote the types of {0} tables: {1} files changed.',
              formatCount(tables.length),
              formatCount(written),
            );
      void vscode.window.showInformationMessage(message);
      return { files: paths, written, unchanged: files.length - written };
    },
  };
}

async function chooseLayout(title: string): Promise<'file' | 'folder'> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('One file'), layout: 'file' as const },
      { label: vscode.l10n.t('A folder: one file per table'), layout: 'folder' as const },
    ],
    { title },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.layout;
}
