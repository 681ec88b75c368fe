// The one seam between features (explorer, scratchpad) and sign-in: which organizations there are,
// who is signed in to each, and a DataverseClient per organization whose tokens come from the
// session. Features never reach into the provider, the session index or MSAL themselves.
import * as vscode from 'vscode';
import { OrgUrl, orgKey } from '../core/org/orgUrl';
import { connectionsFor } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import type { Logger } from '../core/log/logger';
import { UserError } from '../core/userError';
import { DataverseClient } from '../core/webapi/client';
import { COMMAND } from '../core/ids';
import { isAppFlow } from '../core/auth/flows';
import type { HttpSender, SessionSource, SessionSummary, TokenSource } from '../core/ports';

/** An organization the user works with: configured in settings, signed in to, or both. */
export interface OrgEntry {
  readonly org: OrgUrl;
  readonly name: string;
  /** True when it comes from `dynamics365.connections` (it can be removed there). */
  readonly configured: boolean;
  /** The session used for requests, when signed in. */
  readonly session?: SessionSummary;
}

export class ConnectionsService implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when settings or sessions change: the list of organizations or who is signed in. */
  readonly onDidChange = this.emitter.event;
  private readonly clients = new Map<string, DataverseClient>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly settings: () => Settings,
    onSettingsChange: vscode.Event<unknown>,
    private readonly sessions: SessionSource,
    private readonly http: () => HttpSender,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      onSettingsChange(() => this.emitter.fire()),
      sessions.onDidChangeSessions(() => this.emitter.fire()),
    ];
  }

  /** Configured organizations first, in settings order, then ones only signed in to. */
  async list(): Promise<OrgEntry[]> {
    const records = await this.sessions.sessions();
    const entries: OrgEntry[] = [];
    const seen = new Set<string>();
    for (const connection of this.settings().connections) {
      if (seen.has(connection.org.url)) continue;
      seen.add(connection.org.url);
      entries.push(
        entryFor(
          connection.org,
          connection.name,
          true,
          pickRecord(records, connection.org, isAppFlow(connection.authentication)),
        ),
      );
    }
    for (const record of records) {
      const parsed = OrgUrl.parse(record.orgUrl);
      if (!parsed.ok || seen.has(parsed.value.url)) continue;
      seen.add(parsed.value.url);
      entries.push(
        entryFor(parsed.value, parsed.value.host, false, pickRecord(records, parsed.value, record.application)),
      );
    }
    return entries;
  }

  async entry(org: OrgUrl): Promise<OrgEntry | undefined> {
    return (await this.list()).find((e) => e.org.equals(org));
  }

  /** A Web API client for the organization; its requests use the organization's session. */
  client(org: OrgUrl): DataverseClient {
    let client = this.clients.get(org.url);
    if (!client) {
      // The HTTP client is rebuilt when proxy or CA settings change: always ask for the current one.
      const http: HttpSender = { request: (req) => this.http().request(req) };
      client = new DataverseClient(http, org.url, this.tokenSource(org));
      this.clients.set(org.url, client);
    }
    return client;
  }

  /** The session requests to the organization go out with, if signed in. */
  async session(org: OrgUrl): Promise<SessionSummary | undefined> {
    // Every request asks: read the sessions once, not the whole organization list.
    const [connection] = connectionsFor(this.settings().connections, org);
    return pickRecord(await this.sessions.sessions(), org, isAppFlow(connection?.authentication));
  }

  /** Every session, of every organization. */
  signedIn(): Promise<readonly SessionSummary[]> {
    return this.sessions.sessions();
  }

  private tokenSource(org: OrgUrl): TokenSource {
    return {
      getToken: async (forceRefresh: boolean) => {
        const session = await this.session(org);
        if (!session) {
          throw new UserError(vscode.l10n.t('You are not signed in to {0}.', org.url), {
            code: 'not_signed_in',
            actions: [{ title: vscode.l10n.t('Sign In'), command: COMMAND.signIn, args: [org.url] }],
          });
        }
        if (forceRefresh) this.log.debug(`Refreshing the token for ${org.url} after the organization refused it`);
        return this.sessions.accessToken(session.id, forceRefresh);
      },
    };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
    this.clients.clear();
  }
}

/** The session requests go out with: the kind the connection asks for, else any for the org. */
function pickRecord(records: readonly SessionSummary[], org: OrgUrl, application: boolean): SessionSummary | undefined {
  const forOrg = records.filter((r) => orgKey(r.orgUrl) === org.url);
  return forOrg.find((r) => r.application === application) ?? forOrg[0];
}

function entryFor(org: OrgUrl, name: string, configured: boolean, session: SessionSummary | undefined): OrgEntry {
  return { org, name, configured, ...(session ? { session } : {}) };
}
