// Builds the scratchpad: parsed documents, CodeLens, language features, the organization of each
// scratchpad, history and the runner.
import * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import { showError } from '../platform/showError';
import type { DisposableStore } from '../platform/util/dispose';
import { RunCodeLensProvider } from './codeLens';
import { DocumentOrgs } from './documentOrgs';
import { SCRATCHPAD_SELECTOR, ScratchpadDocuments } from './documents';
import { QueryHistory } from './history';
import { ScratchpadLanguageFeatures } from './languageFeatures';
import { closeRestoredResultsViews } from './results/resultsPanel';
import { ScratchpadRunner } from './runner';

export interface ScratchpadParts {
  documents: ScratchpadDocuments;
  orgs: DocumentOrgs;
  history: QueryHistory;
  runner: ScratchpadRunner;
}

export function setUpScratchpad(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  settings: () => Settings,
  connections: ConnectionsService,
  metadata: MetadataService,
): ScratchpadParts {
  const documents = store.add(new ScratchpadDocuments());
  const orgs = store.add(new DocumentOrgs(documents, connections));
  const history = new QueryHistory(context.globalState);
  store.add(vscode.languages.registerCodeLensProvider(SCRATCHPAD_SELECTOR, new RunCodeLensProvider(documents)));
  store.add(closeRestoredResultsViews());
  store.add(new ScratchpadLanguageFeatures(documents, orgs, metadata));
  const runner = store.add(new ScratchpadRunner({
    extensionUri: context.extensionUri, settings, connections, metadata, documents, orgs, history, onError: (err) => void showError(err),
  }));
  return { documents, orgs, history, runner };
}
