// VS Code's SecretStorage as the core's SecretStore: MSAL's token caches, client secrets, certificate
// passwords, imported tokens and the session list live here and nowhere else. Every key goes through
// the ledger (core/auth/keyLedger.ts), so all of them can be listed and deleted again.
import type * as vscode from 'vscode';
import { LedgeredSecretStore, type ListableSecretStore } from '../core/auth/keyLedger';
import { SettledSecretStore } from '../core/auth/settledSecretStore';
import { systemClock } from '../core/clock';

/** VS Code 1.10x+ lists an extension's secret keys; the typings of the oldest supported VS Code do not know it. */
type SecretStorageWithKeys = vscode.SecretStorage & { keys?: () => Thenable<string[]> };

export class VsCodeSecretStore extends LedgeredSecretStore implements vscode.Disposable {
  /** Fires with the key when this or another window changed a secret. */
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;
  private readonly settled: SettledSecretStore | undefined;

  /**
   * `inBrowser`: VS Code runs in a browser (code-server, a web embedder), whose secret storage can
   * land changes made close together out of order; the last change is then repeated once writes are
   * quiet (core/auth/settledSecretStore.ts).
   */
  constructor(secrets: vscode.SecretStorage, inBrowser: boolean) {
    const settled = inBrowser ? new SettledSecretStore(adapt(secrets), systemClock) : undefined;
    super(settled ?? adapt(secrets));
    this.settled = settled;
    this.onDidChange = secrets.onDidChange;
  }

  dispose(): void {
    this.settled?.dispose();
  }
}

function adapt(secrets: SecretStorageWithKeys): ListableSecretStore {
  return {
    get: async (key) => secrets.get(key),
    store: async (key, value) => {
      await secrets.store(key, value);
    },
    delete: async (key) => {
      await secrets.delete(key);
    },
    keys: async () => (typeof secrets.keys === 'function' ? [...(await secrets.keys())] : undefined),
  };
}
