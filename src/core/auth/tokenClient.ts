// One MSAL application per (authority, client id, public|confidential), behind a small interface that
// speaks our value objects and throws only AuthFailure. MSAL owns the tokens; its cache lives in the
// SecretStore through the cache plugin.
import * as l10n from '@vscode/l10n';
import type {
  AccountInfo,
  AuthenticationResult,
  ConfidentialClientApplication,
  Configuration,
  PublicClientApplication,
} from '@azure/msal-node';
import type { Logger } from '../log/logger';
import type { Authority } from './authority';
import { mapAuthError, SignInCancelledError, type AuthErrorContext } from './authErrors';
import { SecretStoreCachePlugin } from './cachePlugin';
import type { ClientCertificate } from './certificate';
import { loadMsal, MsalNetworkClient, msalLoggerOptions } from './msalRuntime';
import type { ScopeSet } from './scopes';
import { appCacheKey, publicCacheKey } from './secretKeys';
import { SingleFlight } from './singleFlight';
import type { HttpSender, SecretStore } from '../ports';

export type ClientCredential =
  { kind: 'secret'; secret: string } | { kind: 'certificate'; certificate: ClientCertificate };

export interface TokenClientOptions {
  authority: Authority;
  clientId: string;
  /** Present for confidential clients (service principals). */
  credential?: ClientCredential;
  http: HttpSender;
  /** Where MSAL's cache is kept; without one the cache lives in memory only. */
  secretStore?: SecretStore;
  /** The cache's key in secretStore (see secretKeys.ts); by default the client's and host's. */
  cacheKey?: string;
  logger?: Logger;
}

export interface AccountSummary {
  /** MSAL's homeAccountId: <oid>.<tid>. */
  id: string;
  username: string;
  name?: string;
  tenantId: string;
}

export interface TokenResult {
  accessToken: string;
  expiresOn: Date;
  scopes: string[];
  tenantId: string;
  account?: AccountSummary;
  fromCache: boolean;
}

export interface AuthCodeUrlRequest {
  scopes: ScopeSet;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  loginHint?: string;
  domainHint?: string;
  prompt?: 'select_account' | 'login' | 'consent' | 'none';
}

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
  /** Entra's own sentence: "To sign in, use a web browser to open … and enter the code …". */
  message: string;
  expiresInSeconds: number;
}

type App = PublicClientApplication | ConfidentialClientApplication;

// MSAL errors that replace a network failure of ours with a generic one.
const MSAL_WRAPPERS = new Set(['endpoints_resolution_error', 'network_error', 'openid_config_error']);

export class TokenClient {
  private readonly flights = new SingleFlight<TokenResult>();

  private constructor(
    private readonly app: App,
    private readonly network: MsalNetworkClient,
    private readonly options: TokenClientOptions,
    readonly cachePlugin: SecretStoreCachePlugin | undefined,
  ) {}

  static async create(options: TokenClientOptions): Promise<TokenClient> {
    const msal = await loadMsal();
    const plugin = options.secretStore
      ? new SecretStoreCachePlugin(options.secretStore, options.cacheKey ?? defaultCacheKey(options), options.logger)
      : undefined;
    const network = new MsalNetworkClient(options.http, msal);
    const config: Configuration = {
      auth: {
        clientId: options.clientId,
        authority: options.authority.url,
        knownAuthorities: options.authority.knownAuthorities,
        ...credentialConfig(options.credential),
      },
      system: { networkClient: network, loggerOptions: msalLoggerOptions(msal, options.logger) },
      ...(plugin ? { cache: { cachePlugin: plugin } } : {}),
    };
    const app = options.credential
      ? new msal.ConfidentialClientApplication(config)
      : new msal.PublicClientApplication(config);
    return new TokenClient(app, network, options, plugin);
  }

  get isConfidential(): boolean {
    return this.options.credential !== undefined;
  }

  getAuthCodeUrl(r: AuthCodeUrlRequest): Promise<string> {
    return this.guard({ scopes: r.scopes, redirectUri: r.redirectUri }, () =>
      this.app.getAuthCodeUrl({
        scopes: r.scopes.msalScopes,
        redirectUri: r.redirectUri,
        state: r.state,
        codeChallenge: r.codeChallenge,
        codeChallengeMethod: 'S256',
        ...(r.loginHint ? { loginHint: r.loginHint } : {}),
        ...(r.domainHint ? { domainHint: r.domainHint } : {}),
        ...(r.prompt ? { prompt: r.prompt } : {}),
      }),
    );
  }

  acquireTokenByCode(r: {
    scopes: ScopeSet;
    redirectUri: string;
    code: string;
    codeVerifier: string;
  }): Promise<TokenResult> {
    return this.guard({ scopes: r.scopes, redirectUri: r.redirectUri }, async () =>
      this.result(
        await this.app.acquireTokenByCode({
          scopes: r.scopes.msalScopes,
          redirectUri: r.redirectUri,
          code: r.code,
          codeVerifier: r.codeVerifier,
        }),
      ),
    );
  }

  /** Polls until the user enters the code, the code expires, or `signal` aborts. */
  acquireTokenByDeviceCode(r: {
    scopes: ScopeSet;
    onCode: (info: DeviceCodeInfo) => void;
    signal?: AbortSignal;
  }): Promise<TokenResult> {
    const app = this.publicApp(() =>
      l10n.t('Device code sign-in is for public clients; this connection uses a client secret or certificate.'),
    );
    return this.guard({ scopes: r.scopes }, async () => {
      if (r.signal?.aborted) throw new SignInCancelledError();
      const request = {
        scopes: r.scopes.msalScopes,
        cancel: false,
        deviceCodeCallback: (d: { userCode: string; verificationUri: string; message: string; expiresIn: number }) =>
          r.onCode({
            userCode: d.userCode,
            verificationUri: d.verificationUri,
            message: d.message,
            expiresInSeconds: d.expiresIn,
          }),
      };
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_resolve, reject) => {
        // MSAL checks `cancel` between polls; rejecting now frees the UI without waiting for the next one.
        onAbort = () => {
          request.cancel = true;
          reject(new SignInCancelledError());
        };
        r.signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const polling = app.acquireTokenByDeviceCode(request);
        polling.catch(() => undefined);
        return this.result(await Promise.race([polling, aborted]));
      } finally {
        if (onAbort) r.signal?.removeEventListener('abort', onAbort);
      }
    });
  }

  /** Cached token, or a refresh; concurrent callers for the same account and scopes share one. */
  acquireTokenSilent(r: { scopes: ScopeSet; accountId: string; forceRefresh?: boolean }): Promise<TokenResult> {
    const key = `silent|${r.accountId}|${r.scopes.key}|${r.forceRefresh ? 'force' : ''}`;
    return this.flights.run(key, () =>
      this.guard({ scopes: r.scopes }, async () => {
        const account = await this.findAccount(r.accountId);
        if (!account) throw mapAuthError({ error: 'no_account_found' });
        return this.result(
          await this.app.acquireTokenSilent({
            account,
            scopes: r.scopes.msalScopes,
            forceRefresh: r.forceRefresh ?? false,
          }),
        );
      }),
    );
  }

  /** Redeems an imported refresh token; MSAL then caches the account and its new refresh token. */
  acquireTokenByRefreshToken(r: { scopes: ScopeSet; refreshToken: string }): Promise<TokenResult> {
    return this.guard({ scopes: r.scopes }, async () => {
      const res = await this.app.acquireTokenByRefreshToken({
        scopes: r.scopes.msalScopes,
        refreshToken: r.refreshToken,
        forceCache: true,
      });
      if (!res) throw mapAuthError({ error: 'invalid_grant', error_description: 'The refresh token gave no answer.' });
      return this.result(res);
    });
  }

  /** App-only token (<org>/.default). No refresh token exists: MSAL caches until expiry, then asks again. */
  acquireTokenByClientCredential(r: { scopes: ScopeSet; forceRefresh?: boolean }): Promise<TokenResult> {
    const app = this.app as ConfidentialClientApplication;
    if (!this.isConfidential) {
      throw mapAuthError(
        { error: 'invalid_client', error_description: 'Client credentials need a client secret or certificate.' },
        this.context(r.scopes),
      );
    }
    return this.flights.run(`app|${r.scopes.key}|${r.forceRefresh ? 'force' : ''}`, () =>
      this.guard({ scopes: r.scopes }, async () => {
        const res = await app.acquireTokenByClientCredential({
          scopes: r.scopes.msalScopes,
          skipCache: r.forceRefresh ?? false,
        });
        if (!res) {
          throw mapAuthError({ error: 'invalid_client', error_description: 'The token endpoint gave no answer.' });
        }
        return this.result(res);
      }),
    );
  }

  async getAccounts(): Promise<AccountSummary[]> {
    return (await this.app.getTokenCache().getAllAccounts()).map(summarize);
  }

  async removeAccount(accountId: string): Promise<void> {
    const account = await this.findAccount(accountId);
    if (account) await this.app.getTokenCache().removeAccount(account);
  }

  private async findAccount(accountId: string): Promise<AccountInfo | null> {
    return this.app.getTokenCache().getAccountByHomeId(accountId);
  }

  /** `refusal`: the whole sentence for a flow a confidential client cannot run. */
  private publicApp(refusal: () => string): PublicClientApplication {
    if (this.isConfidential) throw new Error(refusal());
    return this.app as PublicClientApplication;
  }

  private context(scopes?: ScopeSet, redirectUri?: string): AuthErrorContext {
    return {
      clientId: this.options.clientId,
      tenant: this.options.authority.tenant,
      ...(scopes ? { orgUrl: scopes.org.url } : {}),
      ...(redirectUri ? { redirectUri } : {}),
    };
  }

  private async guard<T>(c: { scopes?: ScopeSet; redirectUri?: string }, work: () => Promise<T>): Promise<T> {
    this.network.lastError = undefined;
    try {
      return await work();
    } catch (err) {
      if (err instanceof SignInCancelledError) throw err;
      const hidden = MSAL_WRAPPERS.has((err as { errorCode?: string }).errorCode ?? '')
        ? this.network.lastError
        : undefined;
      const failure = mapAuthError(hidden ?? err, this.context(c.scopes, c.redirectUri));
      this.options.logger?.warn(
        `Token request failed: ${failure.code}${failure.details.correlationId ? ` (correlation id ${failure.details.correlationId})` : ''}`,
      );
      throw failure;
    }
  }

  private result(res: AuthenticationResult | null): TokenResult {
    if (!res) throw mapAuthError({ error: 'invalid_grant', error_description: 'No token was returned.' });
    return {
      accessToken: res.accessToken,
      expiresOn: res.expiresOn ?? new Date(Date.now() + 3600_000),
      scopes: res.scopes,
      tenantId: res.tenantId,
      fromCache: res.fromCache,
      ...(res.account ? { account: summarize(res.account) } : {}),
    };
  }
}

function defaultCacheKey(o: TokenClientOptions): string {
  return o.credential
    ? appCacheKey(o.clientId, o.authority.host, o.authority.tenant, '')
    : publicCacheKey(o.clientId, o.authority.host);
}

function summarize(a: AccountInfo): AccountSummary {
  return { id: a.homeAccountId, username: a.username, tenantId: a.tenantId, ...(a.name ? { name: a.name } : {}) };
}

function credentialConfig(c: ClientCredential | undefined): Partial<Configuration['auth']> {
  if (!c) return {};
  if (c.kind === 'secret') return { clientSecret: c.secret };
  return {
    clientCertificate: {
      thumbprintSha256: c.certificate.thumbprintSha256,
      privateKey: c.certificate.privateKey,
      x5c: c.certificate.x5c,
    },
  };
}
