// "Save Metadata Snapshot…": an organization's normalized metadata in a JSON file, to keep in git
// and compare an organization with later ("Compare Environments…" → a saved snapshot).
import * as vscode from 'vscode';
import type { ConnectionsService } from '../../connections/connectionsService';
import type { MetadataService } from '../../connections/metadataService';
import { encodeSnapshot } from '../../core/metadata/diff/snapshotFile';
import { COMMAND } from '../../core/ids';
import { orgTables, withTableProgress } from '../../metadataTools/environments';
import type { Command } from '../command';
import { chooseOrg, chooseTarget } from './choose';
import { formatCount } from '../../core/numberFormat';

interface SnapshotArgs {
  readonly org?: string;
  /** Only these tables (logical names, `*` wildcards); all by default. */
  readonly tables?: string;
  readonly target?: string;
}

export function saveMetadataSnapshotCommand(metadata: MetadataService, connections: ConnectionsService): Command {
  return {
    id: COMMAND.saveMetadataSnapshot,
    run: async (raw?: unknown): Promise<string> => {
      const title = vscode.l10n.t('Save Metadata Snapshot');
      const args: SnapshotArgs = raw && typeof raw === 'object' ? raw : {};
      const entry = await chooseOrg(connections, args.org, title);
      const target = await chooseTarget(args.target, 'file', `${entry.org.host}.metadata.json`, {
        [vscode.l10n.t('Metadata snapshot')]: ['json'],
      });
      const tables = await withTableProgress(title, (options) => orgTables(metadata, entry.org, args.tables, options));
      const text = encodeSnapshot({
        orgUrl: entry.org.url,
        metadataVersion: metadata.versionStamp(entry.org),
        savedAt: new Date().toISOString(),
        tables,
      });
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Saved the metadata of {0} tables of {1} to {2}.',
          formatCount(tables.length),
          entry.name,
          target.fsPath,
        ),
      );
      return target.fsPath;
    },
  };
}
