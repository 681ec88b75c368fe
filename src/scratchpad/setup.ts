// Builds the scratchpad's start-up side: the language providers. The rest (parser, diagnostics,
// runner, results, query history) is the engine, loaded when the first scratchpad is open or
// the first query runs; the providers registered here wait for it.
import * as vscode from 'vscode';
import type { Settings } from '../core/config/settings';
import type { ConnectionsService } from '../connections/connectionsService';
import type { MetadataService } from '../connections/metadataService';
import type { Organizations } from '../connections/organizations';
import { lazyPart } from '../platform/lazy';
import { showError } from '../platform/showError';
import type { DisposableStore } from '../platform/util/dispose';
import type { ScratchpadEngine } from './engine';
import { COMPLETION_TRIGGERS, isScratchpad, SCRATCHPAD_SELECTOR } from './language';
import { closeRestoredResultsViews } from '../results/restore';
import { withoutSignedOut } from '../core/query/history/historyAccounts';
import { STATE_KEY } from '../core/ids';

export interface ScratchpadParts {
  /** The engine, loaded on the first call; every call gets the same one. */
  engine(): Promise<ScratchpadEngine>;
}

export function setUpScratchpad(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  settings: () => Settings,
  connections: ConnectionsService,
  metadata: MetadataService,
  organizations: Organizations,
): ScratchpadParts {
  const onError = (err: unknown): void => void showError(err);
  const engine = lazyPart(store, async () => {
    const { createScratchpadEngine } = await import('./engine');
    return createScratchpadEngine({
      extensionUri: context.extensionUri,
      settings,
      connections,
      metadata,
      state: context.globalState,
      onError,
    });
  });
  registerProviders(store, engine);
  dropHistoryOfSignedOut(context.globalState, store, connections);
  // A removed organization's query history and recorded responses go with it (the engine is loaded
  // for that if need be).
  store.add(
    organizations.onDidRemoveOrganization(async (org) => {
      const loaded = await engine();
      loaded.runner.forgetOrganization(org);
      await loaded.history.forget(org);
    }),
  );
  store.add(closeRestoredResultsViews());
  // Diagnostics and the organization in the status bar follow scratchpads by themselves once the
  // engine is there: the first scratchpad seen (open at start-up, opened, or shown) loads it.
  let woken = false;
  const wake = (document: vscode.TextDocument | undefined): void => {
    if (woken || !isScratchpad(document)) return;
    woken = true;
    engine().catch(onError);
  };
  store.add(vscode.workspace.onDidOpenTextDocument(wake));
  store.add(vscode.window.onDidChangeActiveTextEditor((editor) => wake(editor?.document)));
  for (const document of vscode.workspace.textDocuments) wake(document);
  return { engine };
}

/**
 * The query history of an account goes when its session ends: here, in another window, or while
 * this one was closed (checked at start-up). Here, not in the engine, so it happens although no
 * scratchpad was ever opened in this window.
 */
function dropHistoryOfSignedOut(state: vscode.Memento, store: DisposableStore, connections: ConnectionsService): void {
  let queue = Promise.resolve();
  const check = (): void => {
    queue = queue
      .then(async () => {
        // No history, no session lookup: start-up stays free of it for whoever never ran a query.
        const stored = state.get<unknown>(STATE_KEY.queryHistory);
        if (
          stored === undefined ||
          (typeof stored === 'object' && stored !== null && Object.keys(stored).length === 0)
        ) {
          return;
        }
        const kept = withoutSignedOut(stored, new Set((await connections.signedIn()).map((s) => s.id)));
        if (kept) await state.update(STATE_KEY.queryHistory, kept);
      })
      .catch((err: unknown) => showError(err));
  };
  store.add(connections.onDidChange(check));
  check();
}

function registerProviders(store: DisposableStore, engine: () => Promise<ScratchpadEngine>): void {
  store.add(
    vscode.languages.registerCodeLensProvider(SCRATCHPAD_SELECTOR, {
      provideCodeLenses: async (d) => (await engine()).codeLens.provideCodeLenses(d),
    }),
  );
  store.add(
    vscode.languages.registerCompletionItemProvider(
      SCRATCHPAD_SELECTOR,
      {
        provideCompletionItems: async (d, p) => (await engine()).features.complete(d, p),
      },
      ...COMPLETION_TRIGGERS,
    ),
  );
  store.add(
    vscode.languages.registerHoverProvider(SCRATCHPAD_SELECTOR, {
      provideHover: async (d, p) => (await engine()).features.hover(d, p),
    }),
  );
  store.add(
    vscode.languages.registerCodeActionsProvider(
      SCRATCHPAD_SELECTOR,
      {
        provideCodeActions: async (d, range, c) => {
          const e = await engine();
          return [...e.features.codeActions(d, c), ...e.conversions.actions(d, range)];
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] },
    ),
  );
}
