// Entra ID / MSAL failures → what the user reads and what they can do about it. One table keyed by
// AADSTS number or OAuth error; every message passes through redact() so no token, code or secret
// that a server echoed can reach the UI or the log.
import * as l10n from '@vscode/l10n';
import { inertText } from '../log/inert';
import { redact } from '../log/redact';
import { HttpError, ThrottledError } from '../http/errors';

export type AuthAction =
  | 'signInAgain'
  | 'tryDifferentWay'
  | 'openAppRegistrationDocs'
  | 'checkOrgUrl'
  | 'checkSecret'
  | 'checkTenant'
  | 'checkClientId';

export interface AuthErrorContext {
  clientId?: string;
  redirectUri?: string;
  orgUrl?: string;
  tenant?: string;
}

interface Entry {
  /** Computed when shown, so it is in the display language configured by then. */
  title: () => string;
  what: (c: AuthErrorContext) => string;
  actions: AuthAction[];
}

/**
 * A sentence about the app registration: with its client id when known. Two whole sentences, not a
 * phrase put into one, because languages inflect "the app registration" by where it stands.
 */
const byApp = (c: AuthErrorContext, withId: (id: string) => string, without: () => string): string =>
  c.clientId ? withId(c.clientId) : without();

/** Numeric AADSTS codes. */
const BY_NUMBER: Record<number, Entry> = {
  700016: {
    title: () => l10n.t('App not found in this tenant'),
    what: (c) => {
      const tenant = c.tenant ?? l10n.t({ message: '(the one signed in to)', comment: ['Stands for a tenant name'] });
      return c.clientId
        ? l10n.t(
            'The application {0} does not exist in tenant {1}. Check dynamics365.clientId and dynamics365.tenant, or ask an administrator to add the app to the tenant.',
            c.clientId,
            tenant,
          )
        : l10n.t(
            'The application does not exist in tenant {0}. Check dynamics365.clientId and dynamics365.tenant, or ask an administrator to add the app to the tenant.',
            tenant,
          );
    },
    actions: ['checkClientId', 'checkTenant', 'openAppRegistrationDocs'],
  },
  7000215: {
    title: () => l10n.t('Wrong client secret'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            "The client secret of app {0} is not valid. Paste the secret's Value (not its ID) from Certificates & secrets again.",
            id,
          ),
        () =>
          l10n.t(
            "The client secret of the app registration is not valid. Paste the secret's Value (not its ID) from Certificates & secrets again.",
          ),
      ),
    actions: ['checkSecret'],
  },
  7000222: {
    title: () => l10n.t('Client secret expired'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            'The client secret of app {0} has expired. Create a new one under Certificates & secrets and update the connection.',
            id,
          ),
        () =>
          l10n.t(
            'The client secret of the app registration has expired. Create a new one under Certificates & secrets and update the connection.',
          ),
      ),
    actions: ['checkSecret', 'openAppRegistrationDocs'],
  },
  700027: {
    title: () => l10n.t('Certificate not accepted'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            'The certificate is not registered on app {0}, or its private key does not match. Upload the certificate under Certificates & secrets.',
            id,
          ),
        () =>
          l10n.t(
            'The certificate is not registered on the app registration, or its private key does not match. Upload the certificate under Certificates & secrets.',
          ),
      ),
    actions: ['checkSecret', 'openAppRegistrationDocs'],
  },
  700024: {
    title: () => l10n.t('Clock out of sync'),
    what: () =>
      l10n.t("The sign-in request's time is outside the allowed window. Check this computer's clock, then try again."),
    actions: ['signInAgain'],
  },
  7000218: {
    title: () => l10n.t('Public client flows are off'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            'App {0} does not allow device code or other public client flows. Turn on "Allow public client flows" under Authentication, or use a different way to sign in.',
            id,
          ),
        () =>
          l10n.t(
            'The app registration does not allow device code or other public client flows. Turn on "Allow public client flows" under Authentication, or use a different way to sign in.',
          ),
      ),
    actions: ['tryDifferentWay', 'openAppRegistrationDocs'],
  },
  50011: {
    title: () => l10n.t('Redirect URI not registered'),
    what: (c) => {
      const uri =
        c.redirectUri ??
        l10n.t({ message: '(shown by "Show Redirect URI")', comment: ['Stands for a redirect URI; names a command'] });
      return byApp(
        c,
        (id) =>
          l10n.t(
            'The redirect URI {0} is not registered on app {1}: add it under Authentication (platform "Mobile and desktop applications"), or try a different way to sign in.',
            uri,
            id,
          ),
        () =>
          l10n.t(
            'The redirect URI {0} is not registered on the app registration: add it under Authentication (platform "Mobile and desktop applications"), or try a different way to sign in.',
            uri,
          ),
      );
    },
    actions: ['openAppRegistrationDocs', 'tryDifferentWay'],
  },
  65001: {
    title: () => l10n.t('Consent needed'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            'App {0} has no consent to access Dynamics 365 (Dynamics CRM user_impersonation). An administrator can grant it under API permissions; then sign in again.',
            id,
          ),
        () =>
          l10n.t(
            'The app registration has no consent to access Dynamics 365 (Dynamics CRM user_impersonation). An administrator can grant it under API permissions; then sign in again.',
          ),
      ),
    actions: ['openAppRegistrationDocs', 'signInAgain'],
  },
  65004: {
    title: () => l10n.t('Consent declined'),
    what: () =>
      l10n.t(
        'The permission request was declined. Sign in again and accept it, or ask an administrator to grant consent.',
      ),
    actions: ['signInAgain'],
  },
  50076: {
    title: () => l10n.t('Multi-factor authentication required'),
    what: () => l10n.t('Your organization requires multi-factor authentication for this sign-in. Sign in again.'),
    actions: ['signInAgain'],
  },
  50079: {
    title: () => l10n.t('Multi-factor registration required'),
    what: () => l10n.t('Your organization requires you to register for multi-factor authentication. Sign in again.'),
    actions: ['signInAgain'],
  },
  53003: {
    title: () => l10n.t('Blocked by Conditional Access'),
    what: () =>
      l10n.t(
        'A Conditional Access policy of your organization blocked this sign-in. Sign in again; if it keeps failing, ask your administrator which policy applies.',
      ),
    actions: ['signInAgain'],
  },
  50173: {
    title: () => l10n.t('Sign-in no longer valid'),
    what: () => l10n.t('Your sign-in was revoked, for example because your password changed. Sign in again.'),
    actions: ['signInAgain'],
  },
  700082: {
    title: () => l10n.t('Sign-in expired'),
    what: () => l10n.t('Your sign-in expired after a long time without use. Sign in again.'),
    actions: ['signInAgain'],
  },
  70043: {
    title: () => l10n.t('Sign-in expired'),
    what: () => l10n.t("Your organization's sign-in frequency policy requires a new sign-in. Sign in again."),
    actions: ['signInAgain'],
  },
  90002: {
    title: () => l10n.t('Tenant not found'),
    what: (c) =>
      c.tenant
        ? l10n.t(
            'The tenant "{0}" does not exist or has no active subscription. Check dynamics365.tenant (a tenant id or a domain such as contoso.onmicrosoft.com).',
            c.tenant,
          )
        : l10n.t(
            'The tenant does not exist or has no active subscription. Check dynamics365.tenant (a tenant id or a domain such as contoso.onmicrosoft.com).',
          ),
    actions: ['checkTenant'],
  },
  500011: {
    title: () => l10n.t('Organization not found in this tenant'),
    what: (c) =>
      c.orgUrl
        ? l10n.t(
            '{0} is not a Dynamics 365 organization of the tenant you signed in to. Check the organization URL (and the tenant).',
            c.orgUrl,
          )
        : l10n.t(
            'The organization is not a Dynamics 365 organization of the tenant you signed in to. Check the organization URL (and the tenant).',
          ),
    actions: ['checkOrgUrl', 'checkTenant'],
  },
  54005: {
    title: () => l10n.t('Sign-in code already used'),
    what: () => l10n.t('The authorization code was already redeemed. Sign in again.'),
    actions: ['signInAgain'],
  },
  501481: {
    title: () => l10n.t('Sign-in check failed'),
    what: () =>
      l10n.t('The answer from the browser does not belong to this sign-in (PKCE verifier mismatch). Sign in again.'),
    actions: ['signInAgain', 'tryDifferentWay'],
  },
  50126: {
    title: () => l10n.t('Wrong user name or password'),
    what: () => l10n.t('The user name or password is incorrect. Sign in again.'),
    actions: ['signInAgain'],
  },
  50034: {
    title: () => l10n.t('Account not found'),
    what: () =>
      l10n.t('This user account does not exist in the tenant. Check the account, or the tenant you sign in to.'),
    actions: ['signInAgain', 'checkTenant'],
  },
  50020: {
    title: () => l10n.t('Account from another tenant'),
    what: (c) =>
      c.tenant
        ? l10n.t(
            "This account belongs to a different tenant than {0}. Use an account of the organization's tenant, or set dynamics365.tenant.",
            c.tenant,
          )
        : l10n.t(
            "This account belongs to a different tenant than the one configured. Use an account of the organization's tenant, or set dynamics365.tenant.",
          ),
    actions: ['signInAgain', 'checkTenant'],
  },
  50105: {
    title: () => l10n.t('Not assigned to the app'),
    what: (c) =>
      byApp(
        c,
        (id) =>
          l10n.t(
            'Your account is not assigned to app {0}. Ask an administrator to assign you under Enterprise applications.',
            id,
          ),
        () =>
          l10n.t(
            'Your account is not assigned to the app registration. Ask an administrator to assign you under Enterprise applications.',
          ),
      ),
    actions: ['signInAgain'],
  },
  7000112: {
    title: () => l10n.t('App disabled'),
    what: (c) =>
      byApp(
        c,
        (id) => l10n.t('App {0} is disabled in this tenant. Ask an administrator to enable it.', id),
        () => l10n.t('The app registration is disabled in this tenant. Ask an administrator to enable it.'),
      ),
    actions: ['checkClientId'],
  },
  70011: {
    title: () => l10n.t('Invalid scope'),
    what: (c) =>
      c.orgUrl
        ? l10n.t('The requested permission is not valid for {0}. Check the organization URL.', c.orgUrl)
        : l10n.t('The requested permission is not valid for the organization. Check the organization URL.'),
    actions: ['checkOrgUrl'],
  },
  70016: {
    title: () => l10n.t('Waiting for the code'),
    what: () => l10n.t('The device code has not been entered yet.'),
    actions: ['tryDifferentWay'],
  },
  70019: {
    title: () => l10n.t('Device code expired'),
    what: () => l10n.t('The device code expired before it was entered. Sign in again and enter the new code in time.'),
    actions: ['signInAgain', 'tryDifferentWay'],
  },
  50058: {
    title: () => l10n.t('Sign-in needed'),
    what: () => l10n.t('There is no signed-in session to use silently. Sign in again.'),
    actions: ['signInAgain'],
  },
};

/** OAuth error strings (no AADSTS number, or the number is unknown). */
const BY_ERROR: Record<string, Entry> = {
  authorization_declined: {
    title: () => l10n.t('Sign-in declined'),
    what: () => l10n.t('The sign-in was declined on the other device. Sign in again if that was a mistake.'),
    actions: ['signInAgain'],
  },
  authorization_pending: BY_NUMBER[70016] as Entry,
  expired_token: BY_NUMBER[70019] as Entry,
  access_denied: {
    title: () => l10n.t('Sign-in cancelled'),
    what: () => l10n.t('Sign-in was cancelled or access was denied.'),
    actions: ['signInAgain', 'tryDifferentWay'],
  },
  login_required: BY_NUMBER[50058] as Entry,
  interaction_required: {
    title: () => l10n.t('Sign-in needed'),
    what: () => l10n.t('Your organization needs you to sign in interactively. Sign in again.'),
    actions: ['signInAgain'],
  },
  consent_required: BY_NUMBER[65001] as Entry,
  invalid_client: {
    title: () => l10n.t('Client credentials not accepted'),
    what: (c) =>
      byApp(
        c,
        (id) => l10n.t('The credentials of app {0} were not accepted. Check the client secret or certificate.', id),
        () =>
          l10n.t('The credentials of the app registration were not accepted. Check the client secret or certificate.'),
      ),
    actions: ['checkSecret'],
  },
  invalid_grant: {
    title: () => l10n.t('Sign-in no longer valid'),
    what: () => l10n.t('The stored sign-in is no longer valid. Sign in again.'),
    actions: ['signInAgain'],
  },
  no_tokens_found: BY_NUMBER[50058] as Entry,
  no_account_found: BY_NUMBER[50058] as Entry,
  temporarily_unavailable: {
    title: () => l10n.t('Sign-in service busy'),
    what: () => l10n.t('The sign-in service is temporarily unavailable. Try again in a minute.'),
    actions: ['signInAgain'],
  },
};

/** Refresh tokens these codes reject are dead: keep the account, tell the user why, offer "Sign in again". */
export const DEAD_REFRESH_TOKEN_CODES: ReadonlySet<number> = new Set([
  700082, 70043, 50173, 50076, 50079, 53003, 50058,
]);

const DEAD_ERRORS = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'no_tokens_found',
  'no_account_found',
]);

/** The user (or a cancellation token) stopped an interactive sign-in; not a failure to report. */
export class SignInCancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('Sign-in was cancelled.');
    this.name = 'SignInCancelledError';
  }
}

export interface ExtractedAuthError {
  /** First AADSTS number, if any. */
  aadsts?: number;
  /** OAuth error (invalid_grant…) or MSAL error code. */
  error?: string;
  subError?: string;
  /** Redacted, first line, inert (no link VS Code would render). */
  description?: string;
  correlationId?: string;
  traceId?: string;
}

/** Pulls the codes out of an Entra JSON body, an msal-node error or a plain Error. */
export function extractAuthError(err: unknown): ExtractedAuthError {
  if (!err || typeof err !== 'object') return typeof err === 'string' ? fromText(err) : {};
  const o = err as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof o[k] === 'string' && o[k] ? (o[k] as string) : undefined);
  const text = str('error_description') ?? str('errorMessage') ?? str('message') ?? '';
  const codes = Array.isArray(o.error_codes) ? o.error_codes : [];
  const numbered = Number(codes[0] ?? o.errorNo ?? NaN);
  const aadsts = Number.isFinite(numbered) && numbered > 0 ? numbered : fromText(text).aadsts;
  const out: ExtractedAuthError = { ...fromText(text) };
  if (aadsts !== undefined) out.aadsts = aadsts;
  const error = str('error') ?? str('errorCode') ?? (typeof o.code === 'string' ? o.code : undefined);
  if (error) out.error = error;
  const subError = str('suberror') ?? str('subError');
  if (subError) out.subError = subError;
  const correlationId = str('correlation_id') ?? str('correlationId');
  if (correlationId) out.correlationId = correlationId;
  const traceId = str('trace_id') ?? str('traceId');
  if (traceId) out.traceId = traceId;
  return out;
}

function fromText(text: string): ExtractedAuthError {
  const m = /AADSTS(\d{4,})\s*:?\s*([^\r\n]*)/.exec(text);
  const out: ExtractedAuthError = {};
  if (m) {
    out.aadsts = Number(m[1]);
    out.description = inertText(redact(`AADSTS${m[1]}: ${m[2] ?? ''}`.trim())).slice(0, 300);
  } else if (text) {
    out.description = inertText(redact(text.split(/\r?\n/)[0] ?? '')).slice(0, 300);
  }
  return out;
}

export class AuthFailure extends Error {
  constructor(
    /** AADSTS50011, invalid_grant… — safe for telemetry. */
    readonly code: string,
    readonly title: string,
    /** What to do; shown to the user. */
    readonly whatToDo: string,
    readonly actions: AuthAction[],
    /** The stored refresh token cannot be used any more; keep the account and offer "Sign in again". */
    readonly deadRefreshToken: boolean,
    readonly details: ExtractedAuthError,
  ) {
    super(`${title}. ${whatToDo}`);
    this.name = 'AuthFailure';
  }
}

/** Maps any sign-in error to an AuthFailure. Unknown errors keep their (redacted) description. */
export function mapAuthError(err: unknown, context: AuthErrorContext = {}): AuthFailure {
  if (err instanceof AuthFailure) return err;
  const http = findHttpError(err);
  if (http) {
    const title =
      http instanceof ThrottledError
        ? l10n.t('Sign-in service is throttling')
        : l10n.t('Cannot reach the sign-in service');
    return new AuthFailure(http.code, title, http.message, ['signInAgain'], false, {});
  }
  const x = extractAuthError(err);
  const entry = (x.aadsts !== undefined ? BY_NUMBER[x.aadsts] : undefined) ?? (x.error ? BY_ERROR[x.error] : undefined);
  const code = x.aadsts !== undefined ? `AADSTS${x.aadsts}` : (x.error ?? 'unknown');
  // Known AADSTS numbers decide; an unknown number with invalid_grant (etc.) still means the grant is dead.
  const known = x.aadsts !== undefined && BY_NUMBER[x.aadsts] !== undefined;
  const dead =
    (x.aadsts !== undefined && DEAD_REFRESH_TOKEN_CODES.has(x.aadsts)) || (!known && DEAD_ERRORS.has(x.error ?? ''));
  if (entry) return new AuthFailure(code, entry.title(), redact(entry.what(context)), entry.actions, dead, x);
  const whatToDo = x.description
    ? l10n.t('Sign-in did not complete ({0}). Try again, or try a different way to sign in.', x.description)
    : l10n.t('Sign-in did not complete. Try again, or try a different way to sign in.');
  return new AuthFailure(code, l10n.t('Sign-in failed'), redact(whatToDo), ['signInAgain', 'tryDifferentWay'], dead, x);
}

/** Network trouble reaches us directly or wrapped by MSAL (as `cause`). */
function findHttpError(err: unknown): HttpError | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof HttpError) return e;
  }
  return undefined;
}
