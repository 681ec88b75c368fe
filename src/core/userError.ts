// Errors meant for the user: a message that says what happened and what to do, an optional code
// for telemetry (AADSTS…, 0x…, HTTP…), and actions the UI can offer as buttons. Every message a
// notification shows passes the known-secrets list first, and is made inert: no link in it can be
// clicked (userMessage).
import * as l10n from '@vscode/l10n';
import { inertText } from './log/inert';
import { describeError } from './log/logger';
import { knownSecrets, type SecretRegistry } from './log/redact';

export interface UserAction {
  title: string;
  /** A command id to run when chosen, with its arguments. */
  command?: string;
  args?: unknown[];
  /** A documentation link to open when chosen. */
  url?: string;
}

export class UserError extends Error {
  readonly code: string | undefined;
  readonly actions: UserAction[];

  constructor(message: string, options: { code?: string; actions?: UserAction[]; cause?: unknown } = {}) {
    // Scrubbed when made, so a message that is shown without userMessage() still holds no known secret.
    super(knownSecrets.scrub(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code;
    this.actions = options.actions ?? [];
  }
}

/** The user dismissed a prompt or pressed Cancel: not an error to report. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** The user stopped it: our CancelledError, VS Code's 'Canceled', an abort, or a core error coded CANCELLED. */
export function isCancellation(err: unknown): boolean {
  if (err instanceof CancelledError) return true;
  if (!(err instanceof Error)) return false;
  return err.name === 'AbortError' || err.name === 'Canceled' || (err as { code?: unknown }).code === 'CANCELLED';
}

export function errorCodeOf(err: unknown): string | undefined {
  if (err instanceof UserError) return err.code;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The text a notification shows for an error: a UserError's own message, anything else as a short
 * line that points at the log. Scrubbed at the moment it is shown, so a secret learned after the
 * error was made is masked too. Inert: an error's message may hold an organization's text, and a
 * notification would turn its `[x](command:…)` into a link that runs the command.
 */
export function userMessage(err: unknown, secrets: SecretRegistry = knownSecrets): string {
  const text =
    err instanceof UserError
      ? err.message
      : l10n.t('Something went wrong: {0}. See the Dynamics 365 log for details.', describeError(err));
  return inertText(secrets.scrub(text));
}
