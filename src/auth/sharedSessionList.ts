// Where the session list lives so that every window sees the same one, and how a window learns that
// another one changed it.
//
// Not in SecretStorage: browser VS Code (code-server 4.100 and 4.139, `code serve-web`) keeps an
// extension's secrets as one snapshot per tab, read from localStorage when the tab opens. Another
// tab's writes never reach it and fire no `secrets.onDidChange` there, so a second window would not
// see a sign-in until it reloads. globalState is shared: the browser broadcasts profile storage to
// every tab and VS Code hands the new value to each extension host — without any event an extension
// can subscribe to. So the list is compared with the last one seen when the window gains focus (a
// person switching to a window is when it must be right; again a moment later, as the other window's
// write may still be on its way), when a secret changes (desktop tells every window at once), when a
// session is asked for, and before this window writes it. The list holds no token or secret (org URL,
// account id and name, flow, client, authority) and is not synced (no setKeysForSync).
import * as vscode from 'vscode';
import type { SecretStore } from '../core/auth/cachePlugin';
import { diffSessionLists, isEmptyChange, parseSessionList, type ListChange } from '../core/auth/sessionListDiff';
import { SESSION_INDEX_KEY } from '../core/auth/secretKeys';
import type { SessionRecord } from './sessionIndex';

/** Set once the list written by 0.1.0 into SecretStorage has been moved (or there was none). */
const MOVED_KEY = `${SESSION_INDEX_KEY}.movedFromSecrets`;
/** After a focus: profile storage reaches other tabs once flushed and broadcast, within moments. */
const RECHECK_AFTER_FOCUS_MS = [1_000, 5_000];

export class SharedSessionList implements SecretStore, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ListChange<SessionRecord>>();
  /** Sessions another window added, changed or ended since this window last looked. */
  readonly onDidChangeElsewhere = this.emitter.event;
  private seen: SessionRecord[];
  private readonly subscriptions: vscode.Disposable[];
  private rechecks: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: SecretStore & { onDidChange: vscode.Event<unknown> },
  ) {
    this.seen = this.read();
    this.subscriptions = [
      vscode.window.onDidChangeWindowState((e) => { if (e.focused) this.checkNowAndSoon(); }),
      secrets.onDidChange(() => this.check()),
    ];
  }

  /** Compares the stored list with the one last seen and reports what another window changed. */
  check(): void {
    const now = this.read();
    const change = diffSessionLists(this.seen, now);
    this.seen = now;
    if (!isEmptyChange(change)) this.emitter.fire(change);
  }

  private checkNowAndSoon(): void {
    this.check();
    for (const t of this.rechecks) clearTimeout(t);
    this.rechecks = RECHECK_AFTER_FOCUS_MS.map((ms) => setTimeout(() => this.check(), ms));
  }

  async get(key: string): Promise<string | undefined> {
    if (key === SESSION_INDEX_KEY) await this.moveFromSecrets();
    return this.state.get<string>(key);
  }

  async store(key: string, value: string): Promise<void> {
    await this.write(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.write(key, undefined);
  }

  dispose(): void {
    for (const t of this.rechecks) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }

  /** This window's own change is reported by the provider itself; what others did before it, here. */
  private async write(key: string, value: string | undefined): Promise<void> {
    if (key !== SESSION_INDEX_KEY) {
      await this.state.update(key, value);
      return;
    }
    this.check();
    this.seen = parseSessionList<SessionRecord>(value);
    await this.state.update(key, value);
  }

  private read(): SessionRecord[] {
    return parseSessionList<SessionRecord>(this.state.get<string>(SESSION_INDEX_KEY));
  }

  /** Once per profile; afterwards SecretStorage is never read for the list again (a stale tab could resurrect it). */
  private async moveFromSecrets(): Promise<void> {
    if (this.state.get<boolean>(MOVED_KEY)) return;
    const old = await this.secrets.get(SESSION_INDEX_KEY);
    if (old && this.state.get<string>(SESSION_INDEX_KEY) === undefined) {
      await this.state.update(SESSION_INDEX_KEY, old);
      this.seen = this.read();
    }
    await this.state.update(MOVED_KEY, true);
    if (old !== undefined) await this.secrets.delete(SESSION_INDEX_KEY);
  }
}
