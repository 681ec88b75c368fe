// What a refused or failed sign-in callback tells the user. Anyone can send a callback (a web page can
// open the URI handler or hit the loopback port), so nothing of its text is ever shown: each kind of
// failure has a fixed message, and the callback's own words go only to the log, redacted.
import * as l10n from '@vscode/l10n';
import { redact } from '../log/redact';
import { AuthFailure, type AuthAction } from './authErrors';
import { formatCount } from '../numberFormat';

export type CallbackErrorKind =
  | 'unparseable'
  | 'missingState'
  | 'missingCode'
  | 'unknownState'
  | 'stateMismatch'
  | 'replayed'
  | 'expired'
  | 'timedOut'
  | 'server';

/** The OAuth `error` of an authorization response (RFC 6749 §4.1.2.1, OpenID Connect), by what to do about it. */
export type OAuthErrorKind =
  'denied' | 'invalidRequest' | 'clientRefused' | 'unavailable' | 'interactionRequired' | 'unknown';

const OAUTH_ERROR_KINDS: Readonly<Record<string, OAuthErrorKind>> = {
  access_denied: 'denied',
  consent_required: 'denied',
  invalid_request: 'invalidRequest',
  invalid_scope: 'invalidRequest',
  unsupported_response_type: 'invalidRequest',
  invalid_request_uri: 'invalidRequest',
  invalid_request_object: 'invalidRequest',
  request_not_supported: 'invalidRequest',
  request_uri_not_supported: 'invalidRequest',
  unauthorized_client: 'clientRefused',
  invalid_client: 'clientRefused',
  server_error: 'unavailable',
  temporarily_unavailable: 'unavailable',
  login_required: 'interactionRequired',
  interaction_required: 'interactionRequired',
  account_selection_required: 'interactionRequired',
};

export function oauthErrorKind(error: string | undefined): OAuthErrorKind {
  return (error && Object.hasOwn(OAUTH_ERROR_KINDS, error) ? OAUTH_ERROR_KINDS[error] : undefined) ?? 'unknown';
}

export interface FixedFailureText {
  title: string;
  whatToDo: string;
  actions: AuthAction[];
}

/** Computed when shown, so the text is in the display language configured by then. */
function oauthText(kind: OAuthErrorKind): FixedFailureText {
  switch (kind) {
    case 'denied':
      return {
        title: l10n.t('Sign-in cancelled or declined'),
        whatToDo: l10n.t(
          'The sign-in was cancelled in the browser, or access was denied (for example, the permission request was declined). Sign in again, or ask an administrator to grant consent.',
        ),
        actions: ['signInAgain', 'tryDifferentWay'],
      };
    case 'invalidRequest':
      return {
        title: l10n.t('Sign-in request refused'),
        whatToDo: l10n.t(
          'The sign-in service refused the request. Check the tenant, cloud and client id settings, or try a different way to sign in. The Dynamics 365 log ("Dynamics 365: Show Log") has the details.',
        ),
        actions: ['checkTenant', 'tryDifferentWay'],
      };
    case 'clientRefused':
      return {
        title: l10n.t('App registration not accepted'),
        whatToDo: l10n.t(
          'The app registration (dynamics365.clientId) may not sign in this way. Check its settings, or try a different way to sign in. The Dynamics 365 log ("Dynamics 365: Show Log") has the details.',
        ),
        actions: ['checkClientId', 'openAppRegistrationDocs', 'tryDifferentWay'],
      };
    case 'unavailable':
      return {
        title: l10n.t('Sign-in service unavailable'),
        whatToDo: l10n.t(
          'The sign-in service had a problem and could not finish. Try again in a minute, or try a different way to sign in.',
        ),
        actions: ['signInAgain', 'tryDifferentWay'],
      };
    case 'interactionRequired':
      return {
        title: l10n.t('More sign-in steps needed'),
        whatToDo: l10n.t('The sign-in service needs you to finish more steps in the browser. Sign in again.'),
        actions: ['signInAgain', 'tryDifferentWay'],
      };
    case 'unknown':
      return {
        title: l10n.t('Sign-in failed'),
        whatToDo: l10n.t(
          'The sign-in service reported an error. Sign in again, or try a different way to sign in. The Dynamics 365 log ("Dynamics 365: Show Log") has the details.',
        ),
        actions: ['signInAgain', 'tryDifferentWay'],
      };
  }
}

/** Fixed messages for callbacks refused before (or without) an answer from the sign-in service. */
function refusedText(kind: Exclude<CallbackErrorKind, 'server' | 'timedOut'>): string {
  switch (kind) {
    case 'unparseable':
      return l10n.t(
        'That is not the address the browser ended on, nor a code. Copy the whole URL from the address bar and try again.',
      );
    case 'missingState':
      return l10n.t('The sign-in answer has no "state"; it cannot be checked. Sign in again.');
    case 'stateMismatch':
      return l10n.t(
        'This sign-in answer belongs to a different sign-in attempt. Use the address from the browser window this sign-in opened.',
      );
    case 'replayed':
      return l10n.t('This sign-in answer was already used. Sign in again.');
    case 'unknownState':
      return l10n.t(
        'This sign-in answer does not match a sign-in started here (or VS Code was restarted since). Sign in again.',
      );
    case 'expired':
      return l10n.t('The sign-in took too long and expired. Sign in again.');
    case 'missingCode':
      return l10n.t('The sign-in answer has no authorization code. Sign in again.');
  }
}

export class AuthCallbackError extends Error {
  constructor(
    readonly kind: CallbackErrorKind,
    message: string,
    /** For kind 'server': the OAuth error as a known kind. */
    readonly oauthKind?: OAuthErrorKind,
    /** What the callback carried, for the log only: sanitized and redacted, one line. */
    readonly detail?: string,
    /** For a callback that ended a sign-in: its fixed title, advice and actions. */
    readonly fixed?: FixedFailureText,
  ) {
    super(message);
    this.name = 'AuthCallbackError';
  }
}

export interface CallbackErrorSource {
  error?: string;
  errorDescription?: string;
}

export function refusedCallback(
  kind: Exclude<CallbackErrorKind, 'server' | 'timedOut'>,
  source?: CallbackErrorSource,
): AuthCallbackError {
  return new AuthCallbackError(kind, refusedText(kind), undefined, source ? callbackDetail(source) : undefined);
}

/** The sign-in service answered a known, pending sign-in with an error. */
export function serverCallbackError(source: CallbackErrorSource): AuthCallbackError {
  const kind = oauthErrorKind(source.error);
  const text = oauthText(kind);
  return new AuthCallbackError('server', `${text.title}. ${text.whatToDo}`, kind, callbackDetail(source), text);
}

export function timedOutCallback(waitedMs: number): AuthCallbackError {
  const text = timedOutText(waitedMs);
  return new AuthCallbackError('timedOut', `${text.title}. ${text.whatToDo}`, undefined, undefined, text);
}

function timedOutText(waitedMs: number): FixedFailureText {
  const minutes = Math.round(waitedMs / 60_000);
  const seconds = Math.max(1, Math.round(waitedMs / 1000));
  const whatToDo =
    minutes === 1
      ? l10n.t(
          'The sign-in did not come back within 1 minute, so it was stopped. Try a different way to sign in, or sign in again.',
        )
      : minutes > 1
        ? l10n.t(
            'The sign-in did not come back within {0} minutes, so it was stopped. Try a different way to sign in, or sign in again.',
            formatCount(minutes),
          )
        : l10n.t(
            'The sign-in did not come back within {0} seconds, so it was stopped. Try a different way to sign in, or sign in again.',
            formatCount(seconds),
          );
  return { title: l10n.t('No answer from the browser'), whatToDo, actions: ['tryDifferentWay', 'signInAgain'] };
}

/**
 * The AuthFailure (with its actions, e.g. "Try a Different Way") for a callback that ended a
 * sign-in; undefined for refusals, which have no action beyond their text.
 */
export function callbackFailure(err: AuthCallbackError): AuthFailure | undefined {
  if (!err.fixed) return undefined;
  const code = err.kind === 'server' ? `callback_${err.oauthKind ?? 'unknown'}` : `callback_${err.kind}`;
  return new AuthFailure(code, err.fixed.title, err.fixed.whatToDo, err.fixed.actions, false, {});
}

const MAX_DETAIL = 300;

/** `error=… description` for the log: codes that are not plain words are not repeated, text is redacted and flattened. */
export function callbackDetail(source: CallbackErrorSource): string | undefined {
  const parts: string[] = [];
  if (source.error) {
    parts.push(`error=${/^[A-Za-z0-9_.-]{1,64}$/.test(source.error) ? source.error : '(not a valid error code)'}`);
  }
  if (source.errorDescription) {
    // Control characters and line breaks would let a callback forge lines of its own in the log.
    const flat = source.errorDescription.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').trim();
    const clipped = flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
    parts.push(`error_description: ${redact(clipped)}`);
  }
  return parts.length ? parts.join(', ') : undefined;
}
