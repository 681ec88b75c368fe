// Signs people and service principals in, and gets tokens for existing sessions. Which flow runs is
// decided by the core's chooseSignInFlows; when one stalls or fails in a way another flow can avoid,
// the user is offered "Try a Different Way".
import * as vscode from 'vscode';
import { Authority } from '../core/auth/authority';
import { parseTenant } from '../core/org/tenant';
import { FLOWS, flowsForConnection, isAppFlow, type SignInFlow } from '../core/auth/flows';
import type { EnumerableSecretStore } from '../core/auth/keyLedger';
import { ScopeSet, sessionKey } from '../core/auth/scopes';
import { appCacheKey } from '../core/auth/secretKeys';
import { releaseSession } from '../core/auth/sessionRelease';
import type { TokenClient, TokenResult } from '../core/auth/tokenClient';
import { BUILT_IN_CLIENT_ID, type Settings } from '../core/config/settings';
import type { Logger } from '../core/log/logger';
import type { Telemetry } from '../core/telemetry/events';
import { UserError, errorCodeOf, isCancellation, userMessage } from '../core/userError';
import { offersDifferentWay, toUserError } from '../core/auth/authFailureUi';
import type { CallbackRouter } from './callbackRouter';
import { runInteractiveFlow } from './interactiveFlows';
import { ImportedAccessTokens, isImported } from '../core/auth/importedTokens';
import { askForSecret } from './prompts';
import type { SessionRecord } from '../core/auth/sessionIndex';
import { connectionFor, resolveTarget, type SignInTarget } from '../core/auth/signInTarget';
import type { TokenClients } from '../core/auth/tokenClients';
import type { HttpSender } from '../core/ports';

export interface SignInDeps {
  extensionId: string;
  secrets: EnumerableSecretStore;
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

const SWITCH_OFFER_DELAY_MS = 15_000;

/** An access token (a JWT) rather than a refresh token. */
const JWT = /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/;

export function extensionHostKind(): 'local' | 'remote' | 'web' {
  if (vscode.env.uiKind === vscode.UIKind.Web) return 'web';
  return vscode.env.remoteName ? 'remote' : 'local';
}

export class SignInService {
  private readonly v1Tokens = new Map<string, TokenResult>();
  private readonly imported: ImportedAccessTokens;

  constructor(private readonly deps: SignInDeps) {
    this.imported = new ImportedAccessTokens(deps.secrets);
  }

  async signIn(scopes: ScopeSet, options: SignInOptions = {}): Promise<SignedIn> {
    const target = await resolveTarget(
      scopes.org,
      this.deps.settings(),
      this.deps.http(),
      this.deps.log,
      scopes.tenantHint,
    );
    const clientId = scopes.clientIdHint ?? target.connection.clientId;
    const flows = flowsForConnection(target.connection.authentication, {
      extensionHost: extensionHostKind(),
      redirectRegistered: clientId !== BUILT_IN_CLIENT_ID,
      builtInClient: clientId === BUILT_IN_CLIENT_ID,
      setting: this.deps.settings().signInFlow,
    });
    const ordered = options.flow ? [options.flow, ...flows.filter((f) => f !== options.flow)] : flows;
    return this.tryFlows(target, clientId, ordered, options.loginHint);
  }

  private async tryFlows(
    target: SignInTarget,
    clientId: string,
    flows: SignInFlow[],
    loginHint?: string,
  ): Promise<SignedIn> {
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
        const failure = err instanceof TryDifferentWay ? err : toUserError(err, this.context(target, clientId));
        const next = await this.afterFailure(failure, flow, target, remaining.slice(1));
        if (!next) throw failure instanceof TryDifferentWay ? new vscode.CancellationError() : failure;
        remaining = [next, ...remaining.filter((f) => f !== next && f !== flow)];
      }
    }
  }

  /**
   * Decides whether to go on with another flow: returns it, undefined to give up with `failure`, or
   * throws a cancellation once the user has seen the failure and chosen not to go on.
   */
  private async afterFailure(
    failure: unknown,
    flow: SignInFlow,
    target: SignInTarget,
    others: SignInFlow[],
  ): Promise<SignInFlow | undefined> {
    if (!(failure instanceof TryDifferentWay)) {
      if (isCancellation(failure)) return undefined;
      this.deps.telemetry.signInFailed(flow, target.cloud.name, errorCodeOf(failure));
      this.deps.log.warn(`Sign-in to ${target.org.url} with ${flow} failed: ${(failure as Error).message}`);
      if (!offersDifferentWay(failure) || others.length === 0) return undefined;
      const differentWay = vscode.l10n.t('Try a Different Way');
      const choice = await vscode.window.showErrorMessage(userMessage(failure), differentWay);
      if (choice !== differentWay) throw new vscode.CancellationError();
    }
    const picked =
      others.length === 0
        ? undefined
        : await vscode.window.showQuickPick(
            others.map((f) => ({ label: FLOWS[f].label, flow: f })),
            {
              title: vscode.l10n.t('Dynamics 365: sign in a different way'),
            },
          );
    if (!picked) throw new vscode.CancellationError();
    return picked.flow;
  }

  private async runFlow(
    flow: SignInFlow,
    target: SignInTarget,
    clientId: string,
    others: SignInFlow[],
    loginHint?: string,
  ): Promise<SignedIn> {
    if (isAppFlow(flow)) return this.signInApp(flow, target, clientId);
    if (flow === 'importedToken') return this.importToken(target, clientId, await askForImportedToken());
    const client = await this.deps.clients.publicClient(target.authority, clientId);
    const scopes = ScopeSet.forOrg(target.org);
    const token = await this.withBrowserProgress(flow, others.length > 0, (signal) =>
      runInteractiveFlow(flow, {
        client,
        scopes,
        loginHint,
        signal,
        extensionId: this.deps.extensionId,
        router: this.deps.router,
      }),
    );
    return { token, record: userRecord(flow, target, clientId, token) };
  }

  private async signInApp(
    flow: 'clientSecret' | 'clientCertificate',
    target: SignInTarget,
    clientId: string,
  ): Promise<SignedIn> {
    const accountId = `app:${clientId.toLowerCase()}`;
    const v1 = target.connection.endpointVersion === 'v1';
    const record: SessionRecord = {
      id: sessionKey(accountId, target.org),
      orgUrl: target.org.url,
      accountId,
      label: vscode.l10n.t('{0} (application {1})', target.connection.name, clientId),
      flow,
      clientId,
      authorityHost: target.authority.host,
      tenant: target.authority.tenant,
      customHost: target.authority.isCustomHost,
      ...(v1 ? { endpointVersion: 'v1' as const } : {}),
    };
    if (v1) return { record, token: await this.v1Token(record, true) };
    // An explicit sign-in proves the credential stored now: no token obtained with an earlier one is kept.
    await this.deps.secrets.delete(
      appCacheKey(clientId, target.authority.host, target.authority.tenant, target.org.url),
    );
    const client = await this.deps.clients.confidentialClient(
      target.authority,
      clientId,
      target.org.url,
      flow === 'clientSecret' ? 'secret' : 'certificate',
      target.connection.certificatePath,
    );
    return {
      record,
      token: await client.acquireTokenByClientCredential({ scopes: ScopeSet.forOrg(target.org, 'application') }),
    };
  }

  /** v1 app tokens are kept in memory until five minutes before they expire, like MSAL does. */
  private async v1Token(record: SessionRecord, forceRefresh: boolean): Promise<TokenResult> {
    const cached = this.v1Tokens.get(record.id);
    if (!forceRefresh && cached && cached.expiresOn.getTime() - 5 * 60_000 > Date.now()) return cached;
    const client = await this.deps.clients.v1Client(this.authorityOf(record), record.clientId, record.orgUrl);
    const token = await client.clientCredentials(record.orgUrl);
    const result: TokenResult = {
      accessToken: token.accessToken,
      expiresOn: token.expiresOn,
      scopes: [`${record.orgUrl}/.default`],
      tenantId: record.tenant,
      fromCache: false,
    };
    this.v1Tokens.set(record.id, result);
    return result;
  }

  /** Browser flows show a cancellable progress and, where there is another flow, "Try a Different Way". */
  private withBrowserProgress<T>(
    flow: SignInFlow,
    canSwitch: boolean,
    task: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (flow === 'deviceCode') return task(new AbortController().signal);
    const abort = new AbortController();
    let switched = false;
    // Offered only when the browser round trip is taking a while: a notification cannot be taken
    // back, so one shown at once would linger after a quick sign-in.
    const offer = canSwitch
      ? setTimeout(() => {
          if (abort.signal.aborted) return;
          const differentWay = vscode.l10n.t('Try a Different Way');
          void vscode.window
            .showInformationMessage(
              vscode.l10n.t('Dynamics 365: still waiting for the browser to come back. Not working?'),
              differentWay,
            )
            .then((choice) => {
              if (choice === differentWay && !abort.signal.aborted) {
                switched = true;
                abort.abort();
              }
            });
        }, SWITCH_OFFER_DELAY_MS)
      : undefined;
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Signing in to Dynamics 365…'),
          cancellable: true,
        },
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
      ),
    );
  }

  /**
   * Signs in with a token from another tool: a refresh token is redeemed once through MSAL, which then
   * keeps (and rotates) it; an access token is kept as it is until it expires (ImportedAccessTokens).
   */
  async importToken(target: SignInTarget, clientId: string, pasted: string): Promise<SignedIn> {
    const value = pasted.trim();
    // Whichever way it was pasted (Import Token, or the sign-in of an importedToken connection), the
    // log and error messages mask it from here on.
    this.deps.log.addSecret?.(value);
    if (JWT.test(value)) {
      const record = await this.imported.add(target, clientId, value);
      return { record, token: await this.imported.token(record) };
    }
    const client = await this.deps.clients.publicClient(target.authority, clientId);
    const token = await client
      .acquireTokenByRefreshToken({ scopes: ScopeSet.forOrg(target.org), refreshToken: value })
      .catch((err: unknown) => {
        throw toUserError(err, this.context(target, clientId));
      });
    return { token, record: userRecord('importedToken', target, clientId, token) };
  }

  /** An access token for an existing session; refreshes silently when needed. */
  async tokenFor(record: SessionRecord, forceRefresh = false): Promise<TokenResult> {
    if (isImported(record)) return this.imported.token(record);
    if (record.endpointVersion === 'v1') {
      return this.v1Token(record, forceRefresh).catch((err: unknown) => {
        throw toUserError(err, { orgUrl: record.orgUrl, clientId: record.clientId, tenant: record.tenant });
      });
    }
    const org = ScopeSet.parse([`${record.orgUrl}/user_impersonation`]);
    if (!org.ok) throw new UserError(org.message);
    const client = await this.clientFor(record);
    try {
      if (isAppFlow(record.flow)) {
        return await client.acquireTokenByClientCredential({
          scopes: ScopeSet.forOrg(org.value.org, 'application'),
          forceRefresh,
        });
      }
      return await client.acquireTokenSilent({
        scopes: ScopeSet.forOrg(org.value.org),
        accountId: record.accountId,
        forceRefresh,
      });
    } catch (err) {
      throw toUserError(err, { orgUrl: record.orgUrl, clientId: record.clientId, tenant: record.tenant });
    }
  }

  /**
   * A token for another resource (the discovery service, another org) for a signed-in person, from
   * the same refresh token: no prompt.
   */
  async tokenForResource(record: SessionRecord, resourceUrl: string): Promise<TokenResult> {
    const parsed = ScopeSet.parse([`${resourceUrl}/user_impersonation`]);
    if (!parsed.ok) throw new UserError(parsed.message);
    const client = await this.clientFor(record);
    try {
      return await client.acquireTokenSilent({
        scopes: ScopeSet.forOrg(parsed.value.org),
        accountId: record.accountId,
      });
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

  /**
   * A session ended (signed out, removed, or replaced by a new sign-in): its tokens go from memory
   * and from SecretStorage, except what a session in `remaining` still needs (secretKeys.ts).
   */
  async release(record: SessionRecord, remaining: readonly SessionRecord[]): Promise<void> {
    // A record replaced by a new sign-in under the same id keeps the new sign-in's memory.
    if (!remaining.some((r) => r.id === record.id)) {
      this.v1Tokens.delete(record.id);
      if (isAppFlow(record.flow)) this.deps.clients.forgetApp(record.orgUrl);
    }
    await releaseSession(this.deps.secrets, record, remaining);
  }

  /** Remove Connection: the organization's client secrets and certificate passwords go too. */
  deleteCredentials(orgUrl: string): Promise<void> {
    return this.deps.clients.deleteCredentials(orgUrl);
  }

  private authorityOf(record: SessionRecord): Authority {
    const tenant = parseTenant(record.tenant);
    return new Authority(record.authorityHost, record.tenant, tenant.ok ? tenant.kind : 'id', record.customHost);
  }

  private clientFor(record: SessionRecord): Promise<TokenClient> {
    const authority = this.authorityOf(record);
    if (!isAppFlow(record.flow)) {
      return this.deps.clients.publicClient(authority, record.clientId);
    }
    const org = ScopeSet.parse([`${record.orgUrl}/.default`]);
    const connection = org.ok ? connectionFor(org.value.org, this.deps.settings()) : undefined;
    return this.deps.clients.confidentialClient(
      authority,
      record.clientId,
      record.orgUrl,
      record.flow === 'clientSecret' ? 'secret' : 'certificate',
      connection?.certificatePath ?? '',
    );
  }

  private context(target: SignInTarget, clientId: string) {
    return { orgUrl: target.org.url, clientId, tenant: target.authority.tenant };
  }
}

class TryDifferentWay extends Error {}

function askForImportedToken(): Promise<string> {
  return askForSecret(
    vscode.l10n.t('Dynamics 365: Import Token'),
    vscode.l10n.t(
      "This connection signs in with an imported token. Paste a refresh token (renewed automatically) or an access token (used until it expires). It is kept only in VS Code's secret storage.",
    ),
  );
}

export function userRecord(
  flow: SignInFlow,
  target: SignInTarget,
  clientId: string,
  token: TokenResult,
): SessionRecord {
  const account = token.account;
  if (!account) throw new UserError(vscode.l10n.t('The sign-in returned no account. Try again.'));
  return {
    id: sessionKey(account.id, target.org),
    orgUrl: target.org.url,
    accountId: account.id,
    label: account.username || account.name || account.id,
    flow,
    clientId,
    authorityHost: target.authority.host,
    tenant: target.authority.tenant,
    customHost: target.authority.isCustomHost,
  };
}
