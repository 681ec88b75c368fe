// Signs people and service principals in, and gets tokens for existing sessions. Which flow runs is
// decided by the core's chooseSignInFlows; when one stalls or fails in a way another flow can avoid,
// the user is offered "Try a Different Way".
import * as vscode from 'vscode';
import { Authority, parseTenant } from '../core/auth/authority';
import { chooseSignInFlows, type SignInFlow } from '../core/auth/flows';
import { ScopeSet, sessionKey } from '../core/auth/scopes';
import type { TokenClient, TokenResult } from '../core/auth/tokenClient';
import type { SecretStore } from '../core/auth/cachePlugin';
import { mapAuthError } from '../core/auth/authErrors';
import { BUILT_IN_CLIENT_ID, type Settings } from '../core/config/settings';
import type { HttpSender } from '../core/http/httpClient';
import type { Logger } from '../core/log/logger';
import type { Telemetry } from '../core/telemetry/events';
import { UserError, errorCodeOf, isCancellation } from '../core/userError';
import { offersDifferentWay, toUserError } from './authFailureUi';
import type { CallbackRouter } from './callbackRouter';
import { runInteractiveFlow } from './interactiveFlows';
import type { SessionRecord } from './sessionIndex';
import { connectionFor, resolveTarget, type SignInTarget } from './signInTarget';
import type { TokenClients } from './tokenClients';

export interface SignInDeps {
  extensionId: string;
  secrets: SecretStore;
  settings: () => Settings;
  http: () => HttpSender;
  clients: TokenClients;
  router: CallbackRouter;
  log: Logger;
  telemetry: Telemetry;
}

export interface SignInOptions {
  loginHint?: string;
  /** Run this flow first instead of the chosen default. */
  flow?: SignInFlow;
}

export interface SignedIn {
  record: SessionRecord;
  token: TokenResult;
}

const FLOW_LABELS: Record<SignInFlow, string> = {
  uriHandler: 'Sign in with the browser (returns to VS Code)',
  loopback: 'Sign in with the browser (returns to a local port)',
  deviceCode: 'Sign in with a code on another device',
  pasteUrl: 'Sign in with the browser and paste the address it ends on',
  clientSecret: 'Client secret',
  clientCertificate: 'Certificate',
  importedToken: 'Imported token',
};

const SWITCH_OFFER_DELAY_MS = 15_000;

export function extensionHostKind(): 'local' | 'remote' | 'web' {
  if (vscode.env.uiKind === vscode.UIKind.Web) return 'web';
  return vscode.env.remoteName ? 'remote' : 'local';
}

export class SignInService {
  constructor(private readonly deps: SignInDeps) {}

  async signIn(scopes: ScopeSet, options: SignInOptions = {}): Promise<SignedIn> {
    const target = await resolveTarget(scopes.org, this.deps.settings(), this.deps.http(), this.deps.log, scopes.tenantHint);
    const clientId = scopes.clientIdHint ?? target.connection.clientId;
    const auth = target.connection.authentication;
    const flows = chooseSignInFlows({
      extensionHost: extensionHostKind(),
      client: auth === 'clientSecret' || auth === 'clientCertificate' ? 'confidential' : 'public',
      redirectRegistered: clientId !== BUILT_IN_CLIENT_ID,
      builtInClient: clientId === BUILT_IN_CLIENT_ID,
      setting: this.deps.settings().signInFlow,
      credential: auth === 'clientCertificate' ? 'certificate' : 'secret',
    });
    const ordered = options.flow ? [options.flow, ...flows.filter((f) => f !== options.flow)] : flows;
    return this.tryFlows(target, clientId, ordered, options.loginHint);
  }

  private async tryFlows(target: SignInTarget, clientId: string, flows: SignInFlow[], loginHint?: string): Promise<SignedIn> {
    let remaining = flows;
    for (;;) {
      const flow = remaining[0];
      if (!flow) throw new vscode.CancellationError();
      const started = Date.now();
      try {
        const signedIn = await this.runFlow(flow, target, clientId, remaining.slice(1), loginHint);
        this.deps.telemetry.signInSucceeded(flow, target.cloud.name, Date.now() - started);
        this.deps.log.info(`Signed in to ${target.org.url} (${flow})`);
        return signedIn;
      } catch (err) {
        const next = await this.afterFailure(err, flow, target, clientId, remaining.slice(1));
        if (!next) throw err instanceof TryDifferentWay ? new vscode.CancellationError() : toUserError(err, this.context(target, clientId));
        remaining = [next, ...remaining.filter((f) => f !== next && f !== flow)];
      }
    }
  }

  /** Decides whether to go on with another flow; returns it, or undefined to give up. */
  private async afterFailure(err: unknown, flow: SignInFlow, target: SignInTarget, clientId: string, others: SignInFlow[]): Promise<SignInFlow | undefined> {
    const mapped = toUserError(err, this.context(target, clientId));
    if (!(err instanceof TryDifferentWay)) {
      if (isCancellation(mapped)) return undefined;
      this.deps.telemetry.signInFailed(flow, target.cloud.name, errorCodeOf(mapped));
      this.deps.log.warn(`Sign-in to ${target.org.url} with ${flow} failed: ${(mapped as Error).message}`);
      if (!offersDifferentWay(mapped) || others.length === 0) return undefined;
      const choice = await vscode.window.showErrorMessage((mapped as Error).message, 'Try a Different Way');
      if (choice !== 'Try a Different Way') throw new vscode.CancellationError();
    }
    if (others.length === 0) return undefined;
    const picked = await vscode.window.showQuickPick(others.map((f) => ({ label: FLOW_LABELS[f], flow: f })), {
      title: 'Dynamics 365: sign in a different way',
    });
    return picked?.flow;
  }

  private async runFlow(flow: SignInFlow, target: SignInTarget, clientId: string, others: SignInFlow[], loginHint?: string): Promise<SignedIn> {
    if (flow === 'clientSecret' || flow === 'clientCertificate') return this.signInApp(flow, target, clientId);
    if (flow === 'importedToken') throw new UserError('This connection uses an imported token. Run "Dynamics 365: Import Access/Refresh Token…" to import a new one.');
    const client = await this.deps.clients.publicClient(target.authority, clientId);
    const scopes = ScopeSet.forOrg(target.org);
    const token = await this.withBrowserProgress(flow, others.length > 0, (signal) =>
      runInteractiveFlow(flow, { client, scopes, loginHint, signal, extensionId: this.deps.extensionId, router: this.deps.router }));
    return { token, record: userRecord(flow, target, clientId, token) };
  }

  private async signInApp(flow: 'clientSecret' | 'clientCertificate', target: SignInTarget, clientId: string): Promise<SignedIn> {
    const client = await this.deps.clients.confidentialClient(target.authority, clientId, target.org.url, flow === 'clientSecret' ? 'secret' : 'certificate', target.connection.certificatePath);
    const token = await client.acquireTokenByClientCredential({ scopes: ScopeSet.forOrg(target.org, 'application') });
    const accountId = `app:${clientId.toLowerCase()}`;
    return {
      token,
      record: {
        id: sessionKey(accountId, target.org), orgUrl: target.org.url, accountId, label: `${target.connection.name} (application ${clientId})`,
        flow, clientId, authorityHost: target.authority.host, tenant: target.authority.tenant, customHost: target.authority.isCustomHost,
      },
    };
  }

  /** Browser flows show a cancellable progress and, where there is another flow, "Try a Different Way". */
  private withBrowserProgress<T>(flow: SignInFlow, canSwitch: boolean, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (flow === 'deviceCode') return task(new AbortController().signal);
    const abort = new AbortController();
    let switched = false;
    // Offered only when the browser round trip is taking a while: a notification cannot be taken
    // back, so one shown at once would linger after a quick sign-in.
    const offer = canSwitch ? setTimeout(() => {
      if (abort.signal.aborted) return;
      void vscode.window.showInformationMessage('Dynamics 365: still waiting for the browser to come back. Not working?', 'Try a Different Way').then((choice) => {
        if (choice === 'Try a Different Way' && !abort.signal.aborted) { switched = true; abort.abort(); }
      });
    }, SWITCH_OFFER_DELAY_MS) : undefined;
    return Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Signing in to Dynamics 365…', cancellable: true },
      async (_p, token) => {
        token.onCancellationRequested(() => abort.abort());
        try {
          return await task(abort.signal);
        } catch (err) {
          if (switched) throw new TryDifferentWay();
          throw err;
        } finally {
          clearTimeout(offer);
          abort.abort();
        }
      },
    ));
  }

  /**
   * Keeps an imported access token (no refresh token) in SecretStorage; the session lasts until the
   * token expires, then asks for a new sign-in.
   */
  async importAccessToken(target: SignInTarget, clientId: string, accessToken: string): Promise<SessionRecord> {
    const claims = decodeClaims(accessToken);
    const aud = String(claims.aud ?? '').replace(/\/+$/, '').toLowerCase();
    if (aud && aud !== target.org.url) throw new UserError(`That access token is for ${aud}, not for ${target.org.url}. Import a token issued for this organization.`);
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now()) throw new UserError('That access token has already expired. Import a fresh one, or a refresh token.');
    const accountId = `imported:${String(claims.oid ?? claims.sub ?? 'unknown')}`;
    const record: SessionRecord = {
      id: sessionKey(accountId, target.org), orgUrl: target.org.url, accountId,
      label: String(claims.upn ?? claims.preferred_username ?? claims.unique_name ?? 'Imported token'),
      flow: 'importedToken', clientId, authorityHost: target.authority.host, tenant: target.authority.tenant, customHost: target.authority.isCustomHost,
    };
    await this.deps.secrets.store(importedKey(record.id), JSON.stringify({ accessToken, expiresOn: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined }));
    return record;
  }

  private async importedToken(record: SessionRecord): Promise<TokenResult> {
    const stored = JSON.parse((await this.deps.secrets.get(importedKey(record.id))) ?? '{}') as { accessToken?: string; expiresOn?: number };
    if (!stored.accessToken || (stored.expiresOn !== undefined && stored.expiresOn <= Date.now())) {
      const failure = mapAuthError({ error: 'interaction_required', error_description: 'The imported access token has expired. Import a new token or sign in.' });
      throw new UserError(failure.message, { code: failure.code, cause: failure });
    }
    return { accessToken: stored.accessToken, expiresOn: new Date(stored.expiresOn ?? Date.now() + 3600_000), scopes: [], tenantId: record.tenant, fromCache: true };
  }

  /** An access token for an existing session; refreshes silently when needed. */
  async tokenFor(record: SessionRecord, forceRefresh = false): Promise<TokenResult> {
    if (record.accountId.startsWith('imported:')) return this.importedToken(record);
    const org = ScopeSet.parse([`${record.orgUrl}/user_impersonation`]);
    if (!org.ok) throw new UserError(org.message);
    const client = await this.clientFor(record);
    try {
      if (record.flow === 'clientSecret' || record.flow === 'clientCertificate') {
        return await client.acquireTokenByClientCredential({ scopes: ScopeSet.forOrg(org.value.org, 'application'), forceRefresh });
      }
      return await client.acquireTokenSilent({ scopes: ScopeSet.forOrg(org.value.org), accountId: record.accountId, forceRefresh });
    } catch (err) {
      throw toUserError(err, { orgUrl: record.orgUrl, clientId: record.clientId, tenant: record.tenant });
    }
  }

  /**
   * A token for another resource (the discovery service, another org) for a signed-in person, from
   * the same refresh token: no prompt.
   */
  async tokenForResource(record: SessionRecord, resourceUrl: string): Promise<TokenResult> {
    const parsed = ScopeSet.parse([`${resourceUrl.replace(/\/+$/, '')}/user_impersonation`]);
    if (!parsed.ok) throw new UserError(parsed.message);
    const client = await this.clientFor(record);
    try {
      return await client.acquireTokenSilent({ scopes: ScopeSet.forOrg(parsed.value.org), accountId: record.accountId });
    } catch (err) {
      throw toUserError(err, { orgUrl: resourceUrl, clientId: record.clientId, tenant: record.tenant });
    }
  }

  /** Signs the same person in to another organization silently; the record for it. */
  async addOrgForAccount(record: SessionRecord, orgUrl: string): Promise<SignedIn> {
    const token = await this.tokenForResource(record, orgUrl);
    const org = ScopeSet.parse([`${orgUrl}/user_impersonation`]);
    if (!org.ok) throw new UserError(org.message);
    return { token, record: { ...record, id: sessionKey(record.accountId, org.value.org), orgUrl: org.value.org.url } };
  }

  /** Removes the session's tokens from the cache (and so from SecretStorage). */
  async forget(record: SessionRecord): Promise<void> {
    if (record.accountId.startsWith('imported:')) return this.deps.secrets.delete(importedKey(record.id));
    const client = await this.clientFor(record);
    if (record.flow === 'clientSecret' || record.flow === 'clientCertificate') {
      // App tokens have no account; clearing the cache and the client drops them.
      await client.cachePlugin?.clear();
      this.deps.clients.forget();
      return;
    }
    await client.removeAccount(record.accountId);
  }

  private clientFor(record: SessionRecord): Promise<TokenClient> {
    const tenant = parseTenant(record.tenant);
    const authority = new Authority(record.authorityHost, record.tenant, tenant.ok ? tenant.kind : 'id', record.customHost);
    if (record.flow !== 'clientSecret' && record.flow !== 'clientCertificate') return this.deps.clients.publicClient(authority, record.clientId);
    const org = ScopeSet.parse([`${record.orgUrl}/.default`]);
    const connection = org.ok ? connectionFor(org.value.org, this.deps.settings()) : undefined;
    return this.deps.clients.confidentialClient(authority, record.clientId, record.orgUrl, record.flow === 'clientSecret' ? 'secret' : 'certificate', connection?.certificatePath ?? '');
  }

  private context(target: SignInTarget, clientId: string) {
    return { orgUrl: target.org.url, clientId, tenant: target.authority.tenant };
  }
}

class TryDifferentWay extends Error {}

function importedKey(sessionId: string): string {
  return `dynamics365.imported-token/${sessionId}`;
}

/** The payload of a JWT, unverified: only to read audience, expiry and user for display. */
function decodeClaims(jwt: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new UserError('That does not look like an access token: it could not be read.');
  }
}

export function userRecord(flow: SignInFlow, target: SignInTarget, clientId: string, token: TokenResult): SessionRecord {
  const account = token.account;
  if (!account) throw new UserError('The sign-in returned no account. Try again.');
  return {
    id: sessionKey(account.id, target.org), orgUrl: target.org.url, accountId: account.id, label: account.username || account.name || account.id,
    flow, clientId, authorityHost: target.authority.host, tenant: target.authority.tenant, customHost: target.authority.isCustomHost,
  };
}
