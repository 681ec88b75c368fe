// Where the session list lives so that every window sees the same one, and how a window learns that
// another one changed it.
//
// Not in SecretStorage: browser VS Code (code-server 4.100 and 4.139, `code serve-web`) keeps an
// extension's secrets as one snapshot per tab, read from localStorage when the tab opens. Another
// tab's writes never reach it and fire no `secrets.onDidChange` there, so a second window would not
// see a sign-in until it reloads. globalState is shared: the browser broadcasts profile storage to
// every tab and VS Code hands the new value to each extension host — without any event an extension
// can subscribe to. So the list is compared with the last one seen when the window gains focus (a
// person switching to a window is when it must be right), when a secret changes (desktop tells every
// window at once), when a session is asked for, before this window writes it, and every few seconds:
// a browser tab whose focus sat in a view when the person left can miss its focus events for good,
// and the other window's write may arrive after the focus. Comparing is reading one string in memory.
// The list holds no token or secret (org URL, account id and name, flow, client, authority) and is not
// synced (no setKeysForSync).
import * as vscode from 'vscode';
import { diffSessionLists, isEmptyChange, parseSessionList, type ListChange } from '../core/auth/sessionListDiff';
import { SESSION_INDEX_KEY } from '../core/auth/secretKeys';
import type { SessionRecord } from '../core/auth/sessionIndex';
import type { SecretStore } from '../core/ports';

/** Set once the list written by 0.1.0 into SecretStorage has been moved (or there was none). */
const MOVED_KEY = `${SESSION_INDEX_KEY}.movedFromSecrets`;
/** How often the stored list is compared when no event said so (it has none of its own). */
const COMPARE_EVERY_MS = 2_000;

export class SharedSessionList implements SecretStore, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ListChange<SessionRecord>>();
  /** Sessions another window added, changed or ended since this window last looked. */
  readonly onDidChangeElsewhere = this.emitter.event;
  private seen: SessionRecord[];
  /** The stored text `seen` was read from: an unchanged text needs no parsing. */
  private seenText: string | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: SecretStore & { onDidChange: vscode.Event<unknown> },
  ) {
    this.seenText = this.state.get<string>(SESSION_INDEX_KEY);
    this.seen = parseSessionList<SessionRecord>(this.seenText);
    this.subscriptions = [
      vscode.window.onDidChangeWindowState((e) => {
        if (e.focused) this.check();
      }),
      secrets.onDidChange(() => this.check()),
    ];
    this.timer = setInterval(() => this.check(), COMPARE_EVERY_MS);
  }

  /** Compares the stored list with the one last seen and reports what another window changed. */
  check(): void {
    const text = this.state.get<string>(SESSION_INDEX_KEY);
    if (text === this.seenText) return;
    const now = parseSessionList<SessionRecord>(text);
    const change = diffSessionLists(this.seen, now);
    this.seen = now;
    this.seenText = text;
    if (!isEmptyChange(change)) this.emitter.fire(change);
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
    clearInterval(this.timer);
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
    this.seenText = value;
    await this.state.update(key, value);
  }

  /** Once per profile; afterwards SecretStorage is never read for the list again (a stale tab could resurrect it). */
  private async moveFromSecrets(): Promise<void> {
    if (this.state.get<boolean>(MOVED_KEY)) return;
    const old = await this.secrets.get(SESSION_INDEX_KEY);
    if (old && this.state.get<string>(SESSION_INDEX_KEY) === undefined) {
      await this.state.update(SESSION_INDEX_KEY, old);
      this.seenText = old;
      this.seen = parseSessionList<SessionRecord>(old);
    }
    await this.state.update(MOVED_KEY, true);
    if (old !== undefined) await this.secrets.delete(SESSION_INDEX_KEY);
  }
}
