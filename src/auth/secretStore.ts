// VS Code's SecretStorage as the core's SecretStore: MSAL's token cache, client secrets,
// certificate passwords and the session list live here and nowhere else.
import type * as vscode from 'vscode';
import type { SecretStore } from '../core/auth/cachePlugin';

export class VsCodeSecretStore implements SecretStore {
  /** Fires with the key when this or another window changed a secret. */
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = secrets.onDidChange;
  }

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
  }
}
