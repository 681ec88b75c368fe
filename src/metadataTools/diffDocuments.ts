// The read-only documents VS Code's diff editor shows for a table of an environment diff: the
// normalized text of each side (core/metadata/diff/normalize), under a scheme of the extension's own.
import * as vscode from 'vscode';
import type { EnvironmentDiff, TableDiff } from '../core/metadata/diff/compare';
import { tableText } from '../core/metadata/diff/normalize';

export const METADATA_DIFF_SCHEME = 'dynamics365-metadata-diff';

export type DiffSide = 'left' | 'right';

export class DiffDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private diff: EnvironmentDiff | undefined;
  /** Bumped per comparison, so an editor left open from an earlier one is not mistaken for this one. */
  private generation = 0;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  show(diff: EnvironmentDiff): void {
    this.diff = diff;
    this.generation++;
  }

  uri(table: TableDiff, side: DiffSide): vscode.Uri {
    return vscode.Uri.from({
      scheme: METADATA_DIFF_SCHEME,
      path: `/${this.generation}/${side}/${table.logicalName}.txt`,
    });
  }

  get current(): EnvironmentDiff | undefined {
    return this.diff;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, generation, side, file] = uri.path.split('/');
    if (!this.diff || Number(generation) !== this.generation || !file) {
      return vscode.l10n.t('This comparison has been replaced by a newer one. Run Compare Environments again.');
    }
    const name = file.replace(/\.txt$/, '');
    const table = this.diff.tables.find((t) => t.logicalName === name);
    return tableText(side === 'left' ? table?.left : table?.right);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
