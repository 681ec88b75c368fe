// Turns a core AuthFailure into a UserError whose buttons do what its actions say.
import * as l10n from '@vscode/l10n';
import { AuthFailure, mapAuthError, type AuthAction, type AuthErrorContext } from './authErrors';
import { AuthCallbackError, callbackFailure } from './callbackErrors';
import { UserError, isCancellation, type UserAction } from '../userError';
import { CertificateError } from './certificate';
import { COMMAND, SETTINGS_SECTION } from '../ids';

const APP_REGISTRATION_DOCS =
  'https://learn.microsoft.com/power-apps/developer/data-platform/walkthrough-register-app-azure-active-directory';

function buttonFor(action: AuthAction, orgUrl: string | undefined): UserAction | undefined {
  switch (action) {
    case 'signInAgain':
      return { title: l10n.t('Sign In Again'), command: COMMAND.signIn, args: orgUrl ? [orgUrl] : [] };
    case 'openAppRegistrationDocs':
      return { title: l10n.t('App Registration Help'), url: APP_REGISTRATION_DOCS };
    case 'checkSecret':
      return { title: l10n.t('Update Connection'), command: COMMAND.addConnection, args: orgUrl ? [orgUrl] : [] };
    case 'checkOrgUrl':
    case 'checkTenant':
    case 'checkClientId':
      return { title: l10n.t('Open Settings'), command: 'workbench.action.openSettings', args: [SETTINGS_SECTION] };
    case 'tryDifferentWay':
      return undefined;
  }
}

/** Any sign-in error → a UserError (already user-facing errors and cancellations pass through). */
export function toUserError(err: unknown, context: AuthErrorContext): unknown {
  if (isCancellation(err) || err instanceof UserError) return err;
  if ((err as { name?: string })?.name === 'Canceled' || (err as { code?: string })?.code === 'CANCELLED') return err;
  // A callback's error or the wait's expiry has fixed text and actions; a refused callback only its text.
  const fromCallback = err instanceof AuthCallbackError ? callbackFailure(err) : undefined;
  if (!fromCallback && (err instanceof AuthCallbackError || err instanceof CertificateError)) {
    return new UserError(err.message, { code: err instanceof AuthCallbackError ? `state_${err.kind}` : 'certificate' });
  }
  const failure = fromCallback ?? (err instanceof AuthFailure ? err : mapAuthError(err, context));
  const seen = new Set<string>();
  const actions = failure.actions
    .map((a) => buttonFor(a, context.orgUrl))
    .filter((a): a is UserAction => !!a && !seen.has(a.title) && !!seen.add(a.title));
  return new UserError(failure.message, { code: failure.code, actions, cause: failure });
}

export function offersDifferentWay(err: unknown): boolean {
  return err instanceof UserError && err.cause instanceof AuthFailure && err.cause.actions.includes('tryDifferentWay');
}
