// The `dynamics365` authentication provider: sessions are account × organization. Tokens come from
// MSAL (through SignInService); the session list is shared by all windows (sharedSessionList.ts),
// which tells this one about sign-ins and sign-outs made elsewhere.
import * as vscode from 'vscode';
import { PROVIDER_ID } from '../core/ids';
import { AuthFailure } from '../core/auth/authErrors';
import { ScopeSet } from '../core/auth/scopes';
import type { Logger } from '../core/log/logger';
import { UserError, userMessage } from '../core/userError';
import { showError } from '../platform/showError';
import type { ListChange } from '../core/auth/sessionListDiff';
import type { SessionIndex, SessionRecord } from '../core/auth/sessionIndex';
import type { SharedSessionList } from './sharedSessionList';
import type { SignInService } from './signIn';
import { isAppFlow } from '../core/auth/flows';

export { PROVIDER_ID };
export const PROVIDER_LABEL = 'Dynamics 365';

type Session = vscode.AuthenticationSession;
type ChangeEvent = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

export class Dynamics365AuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  /** What was last reported, to tell other windows' changes apart from ours. */
  private known = new Map<string, Session>();
  private readonly warned = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly index: SessionIndex,
    private readonly signIn: SignInService,
    private readonly list: SharedSessionList,
    private readonly log: Logger,
  ) {
    this.subscription = list.onDidChangeElsewhere((change) => void this.syncFromStorage(change));
  }

  async getSessions(scopes?: readonly string[] | null): Promise<Session[]> {
    // A request can come before this window was focused again: catch up with other windows first.
    this.list.check();
    const records = await this.recordsFor(scopes ?? undefined);
    // VS Code lists accounts (Accounts menu, Sign Out, getAccounts) without scopes and uses no token
    // for it. Fetching one per session there would load MSAL and refresh tokens at every start-up,
    // and fail in a browser tab that cannot read another tab's tokens until it reloads.
    if (scopes == null) return records.map((r) => toSession(r, ''));
    const sessions = await Promise.all(records.map((r) => this.sessionFor(r)));
    return sessions.filter((s): s is Session => !!s);
  }

  async createSession(
    scopes: readonly string[],
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<Session> {
    const parsed = ScopeSet.parse(scopes.length ? scopes : []);
    if (!parsed.ok) throw new UserError(parsed.message);
    this.log.info(`Sign-in requested for ${parsed.value.org.url}`);
    try {
      const { record, token } = await this.signIn.signIn(parsed.value, { loginHint: options?.account?.label });
      return await this.upsertSession(record, token.accessToken);
    } catch (err) {
      void showError(err);
      throw err;
    }
  }

  /** Stores a session that a sign-in produced and tells VS Code about it. */
  async upsertSession(record: SessionRecord, accessToken: string): Promise<Session> {
    const replaced = await this.index.upsert(record);
    // Signed in again with another client, tenant or flow: what only the old record held goes.
    if (replaced) await this.release(replaced, await this.index.all());
    const existed = !!replaced || this.known.has(record.id);
    const session = toSession(record, accessToken);
    this.known.set(record.id, session);
    this.warned.delete(record.id);
    this.emitter.fire(
      existed ? { added: [], removed: [], changed: [session] } : { added: [session], removed: [], changed: [] },
    );
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const record = await this.index.remove(sessionId);
    if (!record) return;
    await this.release(record, await this.index.all());
    const session = this.known.get(sessionId) ?? toSession(record, '');
    this.known.delete(sessionId);
    this.log.info(`Signed out of ${record.orgUrl}`);
    this.emitter.fire({ added: [], removed: [session], changed: [] });
  }

  /**
   * Remove Connection: every session of the organization (people, application users, imported
   * tokens) and its stored credentials. Returns how many sessions ended.
   */
  async removeOrganization(orgUrl: string): Promise<number> {
    const records = (await this.index.all()).filter((r) => r.orgUrl === orgUrl);
    for (const record of records) await this.removeSession(record.id);
    await this.signIn.deleteCredentials(orgUrl);
    return records.length;
  }

  /** Tokens of an ended session; a failure is logged, the session is gone from the list either way. */
  private async release(record: SessionRecord, remaining: SessionRecord[]): Promise<void> {
    await this.signIn
      .release(record, remaining)
      .catch((err) =>
        this.log.warn(`Could not clear the stored tokens of ${record.orgUrl}: ${(err as Error).message}`),
      );
  }

  /** The records an access request is about: all, or those of the requested organization. */
  async recordsFor(scopes?: readonly string[]): Promise<SessionRecord[]> {
    const records = await this.index.all();
    if (!scopes || scopes.length === 0) return records;
    const wanted = ScopeSet.parse(scopes);
    if (!wanted.ok) {
      this.log.warn(`Ignoring a session request with unusable scopes: ${wanted.message}`);
      return [];
    }
    const app = wanted.value.kind === 'application';
    return records.filter((r) => r.orgUrl === wanted.value.org.url && isAppFlow(r.flow) === app);
  }

  private async sessionFor(record: SessionRecord): Promise<Session | undefined> {
    try {
      const token = await this.signIn.tokenFor(record);
      const session = toSession(record, token.accessToken);
      this.known.set(record.id, session);
      return session;
    } catch (err) {
      this.reportTokenFailure(record, err);
      return undefined;
    }
  }

  /** A dead refresh token keeps the account and tells the user why, once, with "Sign In Again". */
  private reportTokenFailure(record: SessionRecord, err: unknown): void {
    const failure = err instanceof UserError && err.cause instanceof AuthFailure ? err.cause : undefined;
    this.log.warn(`No token for ${record.label} at ${record.orgUrl}: ${(err as Error).message}`);
    if (!failure?.deadRefreshToken || this.warned.has(record.id)) return;
    this.warned.add(record.id);
    const signInAgain = vscode.l10n.t('Sign In Again');
    void vscode.window
      .showWarningMessage(
        userMessage(
          new UserError(
            vscode.l10n.t({
              message: 'Dynamics 365: {0} needs to sign in again to {1}. {2}',
              args: [record.label, record.orgUrl, failure.message],
              comment: ['{0} is the account, {1} the organization URL, {2} the reason (a sentence)'],
            }),
          ),
        ),
        signInAgain,
      )
      .then((choice) => (choice === signInAgain ? this.signInAgain(record) : undefined));
  }

  async signInAgain(record: SessionRecord): Promise<void> {
    try {
      const scopes = ScopeSet.parse([`${record.orgUrl}/user_impersonation`]);
      if (!scopes.ok) return;
      const label = record.accountId.startsWith('app:') ? undefined : record.label;
      const { record: fresh, token } = await this.signIn.signIn(scopes.value, { loginHint: label });
      await this.upsertSession(fresh, token.accessToken);
    } catch (err) {
      void showError(err);
    }
  }

  /**
   * Another window signed in or out: VS Code is told (the Accounts menu needs no token, so none is
   * fetched), and the tokens of a session ended there are dropped here too. In browser VS Code this
   * window holds its own copy of the secrets, which it would otherwise write back.
   */
  async syncFromStorage(change: ListChange<SessionRecord>): Promise<void> {
    const removed = change.removed.map((r) => this.known.get(r.id) ?? toSession(r, ''));
    const added = change.added.map((r) => toSession(r, ''));
    const changed = change.changed.map((r) => toSession(r, ''));
    for (const s of removed) this.known.delete(s.id);
    for (const s of [...added, ...changed]) this.known.set(s.id, s);
    this.emitter.fire({ added, removed, changed });
    if (change.removed.length) this.log.info(`Signed out elsewhere: ${change.removed.map((r) => r.orgUrl).join(', ')}`);
    const remaining = await this.index.all();
    for (const record of change.removed) await this.release(record, remaining);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

export function toSession(record: SessionRecord, accessToken: string): Session {
  const scopes = ScopeSet.parse([`${record.orgUrl}/${isAppFlow(record.flow) ? '.default' : 'user_impersonation'}`]);
  return {
    id: record.id,
    accessToken,
    account: { id: record.accountId, label: record.label },
    scopes: scopes.ok
      ? isAppFlow(record.flow)
        ? [scopes.value.resourceScope]
        : ScopeSet.forOrg(scopes.value.org).normalized
      : [],
  };
}
