// The VS Code side of settings: reads `dynamics365.*` through the typed reader and tells listeners
// when anything under it changes. Settings a workspace must not choose are read from the user's
// own settings only (see USER_ONLY_SETTINGS).
import * as vscode from 'vscode';
import { readSettings, settingGetter, type Settings } from '../../core/config/settings';
import { SETTINGS_SECTION } from '../../core/ids';

export const SECTION = SETTINGS_SECTION;

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
    return readSettings(settingGetter({ effective: (key) => config.get(key), user: (key) => userValue(config, key) }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/**
 * The value from the user's own settings (user, or remote settings in a remote window), ignoring any
 * workspace or folder value.
 */
export function userValue<T = unknown>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  return config.inspect<T>(key)?.globalValue;
}
