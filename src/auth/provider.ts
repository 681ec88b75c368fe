// The `dynamics365` authentication provider, as VS Code sees it. Sessions come later; registering it
// now lets the Accounts menu and other extensions find the provider.
import * as vscode from 'vscode';

export const PROVIDER_ID = 'dynamics365';
export const PROVIDER_LABEL = 'Dynamics 365';

export class Dynamics365AuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    return [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    throw new Error('Signing in to Dynamics 365 is not available in this version yet.');
  }

  async removeSession(): Promise<void> {
    // No sessions are kept yet.
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
