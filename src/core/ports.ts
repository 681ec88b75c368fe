// The ports core depends on, in one place: what it needs from HTTP, the Web API, sign-in, secret
// storage and time. Implementations stay beside their subject (http/, webapi/, auth/, src/auth,
// clock.ts); tests fake these interfaces.

// HTTP: what the rest of core sends through; the node-fetch client in http/httpClient.ts implements it.

export interface HttpRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** false: never resend, even a GET (for callers that run their own retries, like MSAL). */
  retry?: boolean;
  /**
   * true: resend like a GET although the method is not one (a POST that only reads, like a $batch of
   * GETs). Never set it for a request that may write.
   */
  idempotent?: boolean;
  /** 'return' hands a final 429 back as a response instead of throwing ThrottledError. */
  onThrottle?: 'throw' | 'return';
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  url: string;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

/** What the rest of core depends on; tests may fake it. */
export interface HttpSender {
  request(req: HttpRequest): Promise<HttpResponse>;
}

// The Dataverse Web API: a token for an organization, and what paging, FetchXML paging and $batch
// send through (webapi/client.ts's DataverseClient implements WebApiSender).

export interface TokenSource {
  /** An access token for the org; forceRefresh skips any cached token. */
  getToken(forceRefresh: boolean, signal?: AbortSignal): Promise<string>;
}

export interface WebApiRequest {
  method?: string;
  /**
   * Relative to `<org>/api/data/v9.2/` ("accounts?$top=1"), org-absolute ("/api/data/v9.2/accounts"),
   * or an absolute URL on the org (an @odata.nextLink).
   */
  path: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** false: a 4xx/5xx answer is returned instead of thrown (a $batch carries its errors in the body). */
  throwOnError?: boolean;
  /** The request only reads although it is not a GET (a $batch of GETs): safe to resend on 429/503. */
  idempotent?: boolean;
}

/**
 * What paging (`readPage`), FetchXML paging and $batch need from a client: features
 * hand them a DataverseClient; tests fake it.
 */
export interface WebApiSender {
  /** `<org>/api/data/v9.2/` */
  readonly apiUrl: string;
  send(req: WebApiRequest): Promise<HttpResponse>;
}

// Who is signed in where, and a token for a session: implemented over the authentication provider
// in src/auth, and over vscode.authentication in tests.

export interface SessionSummary {
  readonly id: string;
  /** As the session index keeps it: https://host, no trailing slash. */
  readonly orgUrl: string;
  /** The signed-in person's name, or the application's label. */
  readonly account: string;
  /** A service principal (client secret or certificate), not a person. */
  readonly application: boolean;
}

export interface SessionSource {
  /** Called when sessions are added, removed or changed (here or in another window). */
  onDidChangeSessions(listener: () => void): { dispose(): void };
  sessions(): Promise<readonly SessionSummary[]>;
  /** A token for the session; forceRefresh skips any cached token (after a 401). */
  accessToken(sessionId: string, forceRefresh: boolean): Promise<string>;
}

// Secret storage: MSAL's token cache and the session list persist through it (context.secrets on the
// VS Code side, auth/cachePlugin.ts's MemorySecretStore in tests).

export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

// Time: code that waits (a sign-in that must end at its expiry) takes a Clock, so tests drive it
// with a fake one instead of sleeping; clock.ts holds the system one.

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. */
  setTimer(ms: number, fn: () => void): () => void;
}
