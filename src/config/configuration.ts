// The VS Code side of settings: reads `dynamics365.*` through the typed reader and tells listeners
// when anything under it changes.
import * as vscode from 'vscode';
import { readSettings, type Settings } from '../core/config/settings';

export const SECTION = 'dynamics365';

export class Configuration implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Settings>();
  private readonly subscription: vscode.Disposable;
  private current: Settings;

  /** Fires with the new settings whenever a `dynamics365.*` setting changes. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.current = this.read();
      this.emitter.fire(this.current);
    });
  }

  get settings(): Settings {
    return this.current;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => config.get(key));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
