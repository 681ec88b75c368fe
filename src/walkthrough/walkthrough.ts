// The Get Started walkthrough's side in code: it opens once, on the first start after install, and
// its steps complete on what the user really did, told to VS Code as context keys (signed in, a
// table expanded, a scratchpad saved); running a query and focusing its results complete on
// VS Code's own events (onCommand, activeWebviewPanelId).
import * as vscode from 'vscode';
import { CONTEXT_KEY, STATE_KEY, WALKTHROUGH } from '../core/ids';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';
import type { Dynamics365AuthProvider } from '../auth/provider';
import { TableNode } from '../explorer/nodes/tableNodes';
import type { DisposableStore } from '../platform/util/dispose';

/** VS Code's own setting for "open an extension's walkthrough when it is installed". */
const OPEN_ON_INSTALL = 'workbench.welcomePage.walkthroughs.openOnInstall';

export interface WalkthroughSources {
  provider: Dynamics365AuthProvider;
  explorerView: vscode.TreeView<unknown>;
}

export function setUpWalkthrough(
  context: vscode.ExtensionContext,
  store: DisposableStore,
  sources: WalkthroughSources,
): void {
  const setContext = (key: string, value: boolean): void =>
    void vscode.commands.executeCommand('setContext', key, value);

  const updateSignedIn = async (): Promise<void> => {
    const records = await sources.provider.recordsFor().catch(() => []);
    setContext(CONTEXT_KEY.signedIn, records.length > 0);
  };
  void updateSignedIn();
  store.add(sources.provider.onDidChangeSessions(() => void updateSignedIn()));

  store.add(
    sources.explorerView.onDidExpandElement((e) => {
      if (e.element instanceof TableNode) setContext(CONTEXT_KEY.tableOpened, true);
    }),
  );
  store.add(
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId === SCRATCHPAD_LANGUAGE_ID && doc.uri.scheme !== 'untitled') {
        setContext(CONTEXT_KEY.scratchpadSaved, true);
      }
    }),
  );

  void offerOnce(context);
}

/**
 * Opens the walkthrough on the first start after install and never again: the flag is set before
 * opening, so a window that closes meanwhile does not open it a second time. The user's "open a
 * walkthrough on install" setting is respected (and the offer counted as made).
 */
async function offerOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(STATE_KEY.walkthroughOffered)) return;
  await context.globalState.update(STATE_KEY.walkthroughOffered, true);
  if (!vscode.workspace.getConfiguration().get<boolean>(OPEN_ON_INSTALL, true)) return;
  await vscode.commands.executeCommand(
    'workbench.action.openWalkthrough',
    `${context.extension.id}#${WALKTHROUGH.getStarted}`,
    false,
  );
}
