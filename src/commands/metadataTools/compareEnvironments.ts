// "Compare Environments…": two signed-in organizations, or one and a saved snapshot, compared table
// by table; the differences fill the "Metadata Differences" view, whose items open a diff editor.
import * as vscode from 'vscode';
import type { ConnectionsService } from '../../connections/connectionsService';
import type { MetadataService } from '../../connections/metadataService';
import { compareEnvironments, filterByPrefixes, type EnvironmentDiff } from '../../core/metadata/diff/compare';
import type { NormalTable } from '../../core/metadata/diff/normalize';
import { COMMAND, VIEW } from '../../core/ids';
import { orgTables, snapshotTables, withTableProgress } from '../../metadataTools/environments';
import type { MetadataToolsParts } from '../../metadataTools/setup';
import type { Command } from '../command';
import { chooseOrg, TABLES_EXAMPLE } from './choose';

/** Example publisher prefixes: the same in every language, so not in the string bundle. */
const PREFIXES_EXAMPLE = 'contoso, new';

/** Arguments for running it without questions. */
interface CompareArgs {
  readonly left?: string;
  /** The second organization's URL… */
  readonly right?: string;
  /** …or a snapshot file instead. */
  readonly snapshot?: string;
  /** Only these tables (logical names, `*` wildcards, commas between); all by default. */
  readonly tables?: string;
  /** Publisher prefixes, e.g. "contoso, new"; none by default. */
  readonly prefixes?: string;
}

type RightSide = { kind: 'org'; url: string | undefined } | { kind: 'snapshot'; uri: vscode.Uri };

export function splitPrefixes(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function compareEnvironmentsCommand(
  metadata: MetadataService,
  connections: ConnectionsService,
  tools: MetadataToolsParts,
): Command {
  return {
    id: COMMAND.compareEnvironments,
    run: async (raw?: unknown): Promise<EnvironmentDiff> => {
      const title = vscode.l10n.t('Compare Environments');
      const args: CompareArgs = raw && typeof raw === 'object' ? raw : {};
      const left = await chooseOrg(connections, args.left, vscode.l10n.t('{0}: first environment', title));
      const right: RightSide = args.snapshot
        ? { kind: 'snapshot', uri: vscode.Uri.file(args.snapshot) }
        : args.right
          ? { kind: 'org', url: args.right }
          : await chooseRight(title);
      const rightEntry =
        right.kind === 'org'
          ? await chooseOrg(connections, right.url, vscode.l10n.t('{0}: second environment', title), left.org)
          : undefined;
      const asked = raw && typeof raw === 'object' ? undefined : await askScope(title);
      const tableFilter = asked ? asked.tables : args.tables;
      const prefixes = splitPrefixes(asked ? asked.prefixes : args.prefixes);
      const diff = await withTableProgress(title, async (options) => {
        const leftTables = await orgTables(metadata, left.org, tableFilter, options);
        let rightTables: NormalTable[];
        let rightLabel: string;
        if (rightEntry) {
          rightTables = await orgTables(metadata, rightEntry.org, tableFilter, options);
          rightLabel = rightEntry.name;
        } else {
          const uri = (right as { uri: vscode.Uri }).uri;
          const snapshot = await snapshotTables(uri, tableFilter);
          rightTables = snapshot.tables;
          rightLabel = vscode.l10n.t('snapshot {0}', uri.path.split('/').pop() ?? '');
        }
        return compareEnvironments(filterByPrefixes(leftTables, prefixes), filterByPrefixes(rightTables, prefixes), {
          left: left.name,
          right: rightLabel,
        });
      });
      tools.show(diff);
      await vscode.commands.executeCommand(`${VIEW.metadataDiff}.focus`);
      // Focus alone leaves a collapsed view collapsed (seen on 1.100): revealing an item expands it.
      await tools.reveal();
      return diff;
    },
  };
}

async function chooseRight(title: string): Promise<RightSide> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Another organization'), side: 'org' as const },
      { label: vscode.l10n.t('A saved metadata snapshot…'), side: 'snapshot' as const },
    ],
    { title, placeHolder: vscode.l10n.t('Compare with') },
  );
  if (!picked) throw new vscode.CancellationError();
  if (picked.side === 'org') return { kind: 'org', url: undefined };
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Metadata snapshot')]: ['json'] },
  });
  if (!files?.[0]) throw new vscode.CancellationError();
  return { kind: 'snapshot', uri: files[0] };
}

/** Which tables to load (all of a large org takes a while) and which publisher prefixes to keep. */
async function askScope(title: string): Promise<{ tables: string; prefixes: string }> {
  const tables = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Tables to compare: logical names, * for any characters, commas between. Empty: all tables.'),
    placeHolder: TABLES_EXAMPLE,
  });
  if (tables === undefined) throw new vscode.CancellationError();
  const prefixes = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Publisher prefixes to compare (commas between), or empty for everything.'),
    placeHolder: PREFIXES_EXAMPLE,
  });
  if (prefixes === undefined) throw new vscode.CancellationError();
  return { tables, prefixes };
}
