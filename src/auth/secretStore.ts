// VS Code's SecretStorage as the core's SecretStore: MSAL's token caches, client secrets, certificate
// passwords, imported tokens and the session list live here and nowhere else. Every key goes through
// the ledger (core/auth/keyLedger.ts), so all of them can be listed and deleted again.
import type * as vscode from 'vscode';
import { LedgeredSecretStore, type ListableSecretStore } from '../core/auth/keyLedger';

/** VS Code 1.10x+ lists an extension's secret keys; the typings of the oldest supported VS Code do not know it. */
type SecretStorageWithKeys = vscode.SecretStorage & { keys?: () => Thenable<string[]> };

export class VsCodeSecretStore extends LedgeredSecretStore {
  /** Fires with the key when this or another window changed a secret. */
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(secrets: vscode.SecretStorage) {
    super(adapt(secrets));
    this.onDidChange = secrets.onDidChange;
  }
}

function adapt(secrets: SecretStorageWithKeys): ListableSecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => { await secrets.store(key, value); },
    delete: async (key) => { await secrets.delete(key); },
    keys: async () => (typeof secrets.keys === 'function' ? [...await secrets.keys()] : undefined),
  };
}
