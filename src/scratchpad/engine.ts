// The scratchpad's working parts: parsed documents, the organization of each scratchpad, language
// features, CodeLens, the runner and its results view, the query history. Built the first time a scratchpad is open or
// a query runs: scripts/build.mjs puts this file and what only it uses (the query engine, results)
// in a chunk of its own, so start-up neither compiles nor runs them.
import type * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import { RunCodeLensProvider } from './codeLens';
import { DocumentOrgs } from './documentOrgs';
import { ScratchpadDocuments } from './documents';
import type { OrgUrl } from '../core/org/orgUrl';
import { QueryHistory } from './history';
import { openHistory, type HistoryOutcome } from './historyPicker';
import { ScratchpadLanguageFeatures } from './languageFeatures';
import { ScratchpadConversions } from './conversions';
import { askForQuery, type QuickQuery } from './quickQuery';
import { ScratchpadRunner } from './runner';

export interface EngineDeps {
  extensionUri: vscode.Uri;
  settings: () => Settings;
  connections: ConnectionsService;
  metadata: MetadataService;
  /** Where the query history is kept (globalState). */
  state: vscode.Memento;
  onError: (err: unknown) => void;
}

export interface ScratchpadEngine extends vscode.Disposable {
  documents: ScratchpadDocuments;
  orgs: DocumentOrgs;
  features: ScratchpadLanguageFeatures;
  codeLens: RunCodeLensProvider;
  runner: ScratchpadRunner;
  history: QueryHistory;
  /** SQL ↔ FetchXML on the block under the cursor. */
  conversions: ScratchpadConversions;
  /** "Open Query History…" for an organization (`name` is how people call it). */
  openHistory(org: OrgUrl, name: string): Promise<HistoryOutcome | undefined>;
  /** "Run Query" with no scratchpad open: what to run, typed or from the history. */
  askForQuery(org: OrgUrl): Promise<QuickQuery>;
}

export function createScratchpadEngine(deps: EngineDeps): ScratchpadEngine {
  const documents = new ScratchpadDocuments();
  const orgs = new DocumentOrgs(documents, deps.connections);
  const features = new ScratchpadLanguageFeatures(documents, orgs, deps.metadata);
  const history = new QueryHistory(deps.state, async (org) => (await deps.connections.session(org))?.id);
  const runner = new ScratchpadRunner({ ...deps, history, documents, orgs });
  const owned: vscode.Disposable[] = [documents, orgs, features, runner];
  return {
    documents,
    orgs,
    features,
    runner,
    history,
    conversions: new ScratchpadConversions(documents, orgs, deps.metadata),
    openHistory: (org, name) => openHistory({ history, runner }, org, name),
    askForQuery: (org) => askForQuery(history, org),
    codeLens: new RunCodeLensProvider(documents),
    // Reverse order, as a DisposableStore does: the runner before what it reads.
    dispose: () => {
      for (const part of owned.reverse()) part.dispose();
    },
  };
}
