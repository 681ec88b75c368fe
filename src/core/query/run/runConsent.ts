// Whether a request may be sent as it is, must be confirmed first, or is refused, decided from its
// access, the connection's safety settings and where the request came from. A request the user has
// in view (a scratchpad, the palette) goes out on a development connection; one they cannot see
// (the history, or the text argument of "Run Query" that a link or another extension passed) asks
// first, because its method and body were chosen by someone else or long ago.
import * as l10n from '@vscode/l10n';
import type { Access } from './safety';

/**
 * Where a run's request text came from. 'notebook': a notebook cell not edited in this window (the
 * notebook may be someone else's); a cell edited here runs as 'document'.
 */
export type RunOrigin = 'document' | 'typed' | 'history' | 'argument' | 'notebook';

export interface ConnectionSafety {
  readonly readOnly?: boolean;
  readonly production?: boolean;
}

export type RunConsent =
  | { readonly kind: 'send' }
  /** A write on a read-only connection: not sent, and nothing to ask. */
  | { readonly kind: 'refuse' }
  /** Ask before sending; `production` asks the stronger question. */
  | { readonly kind: 'ask'; readonly production: boolean; readonly origin: RunOrigin };

/** The decision for one run; reads are always sent (GET functions included: they change nothing). */
export function runConsent(access: Access, origin: RunOrigin, connection: ConnectionSafety | undefined): RunConsent {
  if (access !== 'write') return { kind: 'send' };
  if (connection?.readOnly) return { kind: 'refuse' };
  if (connection?.production) return { kind: 'ask', production: true, origin };
  if (origin === 'history' || origin === 'argument' || origin === 'notebook') {
    return { kind: 'ask', production: false, origin };
  }
  return { kind: 'send' };
}

export interface ConsentPrompt {
  readonly message: string;
  readonly detail?: string;
  /** The one button that sends. */
  readonly send: string;
}

/**
 * The modal question for an 'ask' decision. `where` names the connection ("Sandbox (https://…)"),
 * `text` is the request as it was given. All of it is plain text: the caller shows it inert. `summary` is
 * a Safety summary ("creates a row in accounts"), in the display language like the sentence around it.
 */
export function consentPrompt(
  consent: Extract<RunConsent, { kind: 'ask' }>,
  summary: string,
  where: string,
  text: string,
): ConsentPrompt {
  const send = consent.production ? l10n.t('Send to Production') : l10n.t('Send');
  const request = l10n.t('The request:\n{0}', text.slice(0, 500));
  const p = consent.production;
  switch (consent.origin) {
    case 'argument':
      return {
        message: p
          ? l10n.t(
              'A link or another extension asks to run a request that {0} in the PRODUCTION organization {1}. Send it?',
              summary,
              where,
            )
          : l10n.t('A link or another extension asks to run a request that {0} in {1}. Send it?', summary, where),
        detail: request,
        send,
      };
    case 'notebook':
      return {
        message: p
          ? l10n.t(
              'This notebook cell, not edited in this window, {0} in the PRODUCTION organization {1}. Send it?',
              summary,
              where,
            )
          : l10n.t('This notebook cell, not edited in this window, {0} in {1}. Send it?', summary, where),
        detail: request,
        send,
      };
    case 'history':
      return {
        message: p
          ? l10n.t('This request from the history {0} in the PRODUCTION organization {1}. Send it?', summary, where)
          : l10n.t('This request from the history {0} in {1}. Send it again?', summary, where),
        detail: l10n.t('Open it in a scratchpad first to see its headers and body.'),
        send,
      };
    default:
      return {
        message: p
          ? l10n.t('This request {0} in the PRODUCTION organization {1}. Send it?', summary, where)
          : l10n.t('This request {0} in {1}. Send it?', summary, where),
        send,
      };
  }
}
