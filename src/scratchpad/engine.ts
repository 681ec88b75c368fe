// The scratchpad's working parts: parsed documents, the organization of each scratchpad, language
// features, CodeLens, the runner and its results view. Built the first time a scratchpad is open or
// a query runs: scripts/build.mjs puts this file and what only it uses (the query engine, results)
// in a chunk of its own, so start-up neither compiles nor runs them.
import type * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import { RunCodeLensProvider } from './codeLens';
import { DocumentOrgs } from './documentOrgs';
import { ScratchpadDocuments } from './documents';
import type { QueryHistory } from './history';
import { ScratchpadLanguageFeatures } from './languageFeatures';
import { ScratchpadRunner } from './runner';

export interface EngineDeps {
  extensionUri: vscode.Uri;
  settings: () => Settings;
  connections: ConnectionsService;
  metadata: MetadataService;
  history: QueryHistory;
  onError: (err: unknown) => void;
}

export interface ScratchpadEngine extends vscode.Disposable {
  documents: ScratchpadDocuments;
  orgs: DocumentOrgs;
  features: ScratchpadLanguageFeatures;
  codeLens: RunCodeLensProvider;
  runner: ScratchpadRunner;
}

export function createScratchpadEngine(deps: EngineDeps): ScratchpadEngine {
  const documents = new ScratchpadDocuments();
  const orgs = new DocumentOrgs(documents, deps.connections);
  const features = new ScratchpadLanguageFeatures(documents, orgs, deps.metadata);
  const runner = new ScratchpadRunner({ ...deps, documents, orgs });
  const owned: vscode.Disposable[] = [documents, orgs, features, runner];
  return {
    documents, orgs, features, runner,
    codeLens: new RunCodeLensProvider(documents),
    // Reverse order, as a DisposableStore does: the runner before what it reads.
    dispose: () => { for (const part of owned.reverse()) part.dispose(); },
  };
}
