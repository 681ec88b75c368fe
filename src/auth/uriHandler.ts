// Receives the browser's redirect back into VS Code (`<uriScheme>://<publisher>.<name>/auth-callback`)
// and hands its query to whoever is waiting for that `state`. Unknown states are refused loudly:
// a forged or replayed callback must never complete a sign-in.
import * as vscode from 'vscode';

export const CALLBACK_PATH = '/auth-callback';

type Waiter = (query: URLSearchParams) => void;

export class AuthUriHandler implements vscode.UriHandler, vscode.Disposable {
  private readonly waiters = new Map<string, Waiter>();
  private readonly unmatched = new vscode.EventEmitter<URLSearchParams>();
  /** A callback arrived that nobody waits for (wrong, replayed or missing state). */
  readonly onDidReceiveUnmatched = this.unmatched.event;

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) return;
    const query = new URLSearchParams(uri.query);
    const state = query.get('state') ?? '';
    const waiter = this.waiters.get(state);
    if (!waiter) {
      this.unmatched.fire(query);
      return;
    }
    // Single use: the first callback for a state wins, any later one is unmatched.
    this.waiters.delete(state);
    waiter(query);
  }

  /** Resolves with the callback's query for `state`; rejects when cancelled. */
  waitFor(state: string, token: vscode.CancellationToken): Promise<URLSearchParams> {
    return new Promise((resolve, reject) => {
      const cancel = token.onCancellationRequested(() => {
        this.waiters.delete(state);
        reject(new vscode.CancellationError());
      });
      this.waiters.set(state, (query) => {
        cancel.dispose();
        resolve(query);
      });
    });
  }

  dispose(): void {
    this.waiters.clear();
    this.unmatched.dispose();
  }
}

/** The redirect URI to register on an app registration, as this window's host can receive it. */
export async function callbackUri(extensionId: string): Promise<string> {
  const raw = vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}${CALLBACK_PATH}`);
  const external = await vscode.env.asExternalUri(raw);
  return external.toString(true);
}
