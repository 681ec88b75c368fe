// Builds the metadata tools: the "Metadata Differences" view and the documents its diff editors show.
// The commands (generate types, compare, snapshot, report) use these parts.
import * as vscode from 'vscode';
import type { EnvironmentDiff } from '../core/metadata/diff/compare';
import { VIEW } from '../core/ids';
import type { DisposableStore } from '../platform/util/dispose';
import { DiffDocuments, METADATA_DIFF_SCHEME } from './diffDocuments';
import { DiffTree } from './diffTree';

export interface MetadataToolsParts {
  readonly tree: DiffTree;
  readonly documents: DiffDocuments;
  readonly view: vscode.TreeView<unknown>;
  /** Shows a comparison in the view (and makes the diff editors' texts available). */
  show(diff: EnvironmentDiff): void;
  /** Opens the view on its first item: a collapsed view (its start state) expands. */
  reveal(): Promise<void>;
}

export function setUpMetadataTools(store: DisposableStore): MetadataToolsParts {
  const tree = store.add(new DiffTree());
  const documents = store.add(new DiffDocuments());
  store.add(vscode.workspace.registerTextDocumentContentProvider(METADATA_DIFF_SCHEME, documents));
  const view = store.add(vscode.window.createTreeView(VIEW.metadataDiff, { treeDataProvider: tree }));
  return {
    tree,
    documents,
    view: view as vscode.TreeView<unknown>,
    show: (diff) => {
      documents.show(diff);
      tree.show(diff);
      view.message = tree.summary();
    },
    reveal: async () => {
      const first = tree.getChildren()[0];
      // Cosmetic: a view that cannot reveal still shows the comparison once expanded by hand.
      if (first) {
        await Promise.resolve(view.reveal(first, { select: false, focus: true, expand: false })).catch(() => undefined);
      }
    },
  };
}
