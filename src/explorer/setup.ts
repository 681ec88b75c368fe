// Builds the explorer: the tree view, the record documents and the state they share.
import * as vscode from 'vscode';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import type { Organizations } from '../connections/organizations';
import type { DisposableStore } from '../platform/util/dispose';
import type { ExplorerContext } from './context';
import { EXPLORER_VIEW_ID, ExplorerProvider } from './explorerProvider';
import { RecordDocuments, RECORD_SCHEME } from './recordDocuments';
import { RecordPages } from './recordPages';
import { TableFilters } from './tableFilters';

export interface ExplorerParts {
  provider: ExplorerProvider;
  view: vscode.TreeView<unknown>;
  filters: TableFilters;
  records: RecordPages;
  metadata: MetadataService;
}

export function setUpExplorer(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  connections: ConnectionsService,
  metadata: MetadataService,
  organizations: Organizations,
): ExplorerParts {
  const filters = new TableFilters(context.globalState);
  const records = new RecordPages(connections);
  const ctx: ExplorerContext = {
    connections,
    metadata: (org) => ({
      tables: (signal) => metadata.tables(org, signal),
      details: (name, signal) => metadata.details(org, name, signal),
    }),
    filters,
    records,
    withProgress: (task) =>
      Promise.resolve(vscode.window.withProgress({ location: { viewId: EXPLORER_VIEW_ID } }, task)),
  };
  const provider = store.add(new ExplorerProvider(connections, ctx));
  // A background refresh that found changes repaints the tree; expansion is kept (stable ids).
  store.add(metadata.onDidChange(() => provider.refresh()));
  const view = store.add(
    // Several tables can be selected: "Generate TypeScript Types…" works on the selection.
    vscode.window.createTreeView(EXPLORER_VIEW_ID, {
      treeDataProvider: provider,
      showCollapseAll: true,
      canSelectMany: true,
    }),
  );
  store.add(vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, new RecordDocuments(connections)));
  // A removed organization leaves nothing behind: its metadata cache, its table filter, its records.
  store.add(
    organizations.onDidRemoveOrganization(async (org) => {
      await metadata.forget(org);
      await filters.forget(org);
      records.reset(org);
    }),
  );
  return { provider, view: view as vscode.TreeView<unknown>, filters, records, metadata };
}
