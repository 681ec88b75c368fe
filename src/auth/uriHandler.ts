// Receives the browser's redirect back into VS Code (`<uriScheme>://<publisher>.<name>/auth-callback`)
// and hands its query to the callback router, which checks `state` (single use) before anything
// else happens. A callback nobody asked for is refused there and only logged: anyone can open this URI.
import * as vscode from 'vscode';

export const CALLBACK_PATH = '/auth-callback';

export class AuthUriHandler implements vscode.UriHandler, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** The callback's query string, as received. */
  readonly onDidReceiveCallback = this.emitter.event;

  handleUri(uri: vscode.Uri): void {
    if (uri.path === CALLBACK_PATH) this.emitter.fire(uri.query);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** The redirect URI to register on an app registration, as this window's host can receive it. */
export async function callbackUri(extensionId: string): Promise<string> {
  const raw = vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}${CALLBACK_PATH}`);
  const external = await vscode.env.asExternalUri(raw);
  return external.toString(true);
}
