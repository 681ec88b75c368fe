// The results view's type, and what happens to results views after a window reload. Loaded at
// start-up (VS Code asks for a serializer when it restores the window), without the results code.
import * as vscode from 'vscode';
import { WEBVIEW } from '../core/ids';

export const RESULTS_VIEW_TYPE = WEBVIEW.results;

/**
 * After a window reload VS Code brings back the results views it had, empty: their rows lived in
 * this extension's memory and the request is not resent by itself. Such a view is closed (and its
 * editor group with it) rather than left blank; running the request again opens a new one.
 */
export function closeRestoredResultsViews(): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel) => panel.dispose(),
  });
}
