// Dataverse answers errors as {"error":{"code":"0x…","message":"…"}}. This turns them into
// messages that say what to do; the code goes to telemetry, the message only to the user. Bodies
// that are not that shape (an HTML page from a gateway, a stack of JSON) are never shown raw, and
// the message (anyone who deploys a plug-in writes it) is made inert: no link in it can be clicked.
import * as l10n from '@vscode/l10n';
import { isJsonObject, tryParseJson } from '../json';
import { inertText } from '../log/inert';
import { redact } from '../log/redact';
import { UserError } from '../userError';

/** Computed when shown, so they are in the display language configured by then. */
function hintsByCode(): Record<string, string> {
  return {
    '0x80040217': l10n.t('The record or table does not exist (or you cannot see it).'),
    '0x8006088a': l10n.t('Check the table\'s entity set name (plural, e.g. "accounts") and the path.'),
    '0x80060888': l10n.t('Check the query syntax.'),
    '0x80048d19': l10n.t(
      'The request body names a column that does not exist on this table, or gives a value of the wrong type. Use logical names, and @odata.bind for lookups.',
    ),
    '0x80044331': l10n.t('A value failed validation.'),
    '0x80040220': l10n.t('Your user lacks a privilege for this; ask an administrator for a security role.'),
    '0x80040237': l10n.t('A record with the same key already exists.'),
    '0x80060882': l10n.t(
      'The record changed since it was read (the ETag no longer matches). Read it again, then retry.',
    ),
    '0x80040265': l10n.t('A plug-in or workflow on this table stopped the operation; its message says why.'),
    '0x80041102': l10n.t(
      'The table named in the query does not exist. Use the table\'s logical name (e.g. "account").',
    ),
    '0x80041103': l10n.t(
      'A column named in the FetchXML does not exist on that table. Use logical names (lower case).',
    ),
    '0x80040203': l10n.t('A value in the request is not valid for this operation.'),
    '0x80072560': l10n.t(
      'Your user is not a member of this organization, or is disabled. Ask an administrator to add you.',
    ),
    '0x80040216': l10n.t('The service had an unexpected problem. Try again; if it persists, check the request.'),
    '0x80072322': l10n.t('Too many requests in 5 minutes (service protection). Wait and try again.'),
    '0x80072321': l10n.t('Too much execution time in 5 minutes (service protection). Wait and try again.'),
    '0x80072326': l10n.t('Too many concurrent requests (service protection). Wait and try again.'),
  };
}

// Some errors come with a generic code (0x0, or none): recognise them by the service's wording.
function messageHints(): [RegExp, string][] {
  return [
    [
      /Could not find a property named/i,
      l10n.t("Use the column's logical name (lower case); a lookup column is read as _<name>_value."),
    ],
    [
      /Content-ID Reference: '\$\d+' does not exist/i,
      l10n.t('A $<n> reference must point to a Content-ID declared earlier in the same change set.'),
    ],
  ];
}

const THROTTLING_CODES = new Set(['0x80072322', '0x80072321', '0x80072326']);
const MAX_MESSAGE_LENGTH = 500;

function throttlingDetails(): Record<string, string> {
  return {
    '0x80072322': l10n.t('Too many requests in 5 minutes (Dataverse service protection, 0x80072322).'),
    '0x80072321': l10n.t('Too much combined execution time in 5 minutes (Dataverse service protection, 0x80072321).'),
    '0x80072326': l10n.t('Too many concurrent requests (Dataverse service protection, 0x80072326).'),
  };
}

/** Which service protection limit a 429 hit, in words; for ThrottledError's message. */
export function throttlingDetail(code: string | undefined): string {
  return (
    (code && throttlingDetails()[code.toLowerCase()]) || l10n.t('Dataverse service protection limits were reached.')
  );
}

export function isThrottlingCode(code: string | undefined): boolean {
  return code !== undefined && THROTTLING_CODES.has(code.toLowerCase());
}

/** What to do about an error code; undefined when there is nothing useful to add. */
export function hintFor(code: string | undefined, serviceMessage = ''): string | undefined {
  const byCode = code ? hintsByCode()[code.toLowerCase()] : undefined;
  return byCode ?? messageHints().find(([re]) => re.test(serviceMessage))?.[1];
}

export interface DataverseErrorDetails {
  /** Plug-in sub-error code (@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode). */
  subErrorCode?: string;
  /** @Microsoft.PowerApps.CDS.HelpLink, for the log only: text from the service is never shown as a link. */
  helpLink?: string;
  /** Plug-in trace text (@Microsoft.PowerApps.CDS.TraceText), redacted; for the log, not the message. */
  traceText?: string;
  /** For a part of a $batch answer: its position (0-based, change sets flattened) and its Content-ID. */
  batchPart?: { index: number; contentId?: string };
  /** From Retry-After, for a throttled part of a $batch. */
  retryAfterSeconds?: number;
}

export class DataverseError extends UserError {
  /** The 0x… code Dataverse gave, when it gave one. `code` is this or HTTP<status>. */
  readonly serviceCode: string | undefined;
  /** The service's message, redacted, one line, capped in length, inert (see inertText). */
  readonly serviceMessage: string;
  readonly hint: string | undefined;
  readonly details: DataverseErrorDetails;

  constructor(
    readonly status: number,
    code: string | undefined,
    serviceMessage: string,
    details: DataverseErrorDetails = {},
  ) {
    const message = cleanMessage(serviceMessage) || statusText(status);
    const hint = hintFor(code, message);
    super(errorText(status, code, message, hint, details.batchPart), { code: code ?? `HTTP${status}` });
    this.name = 'DataverseError';
    this.serviceCode = code;
    this.serviceMessage = message;
    this.hint = hint;
    this.details = details;
  }

  get isThrottling(): boolean {
    return this.status === 429 || isThrottlingCode(this.serviceCode);
  }
}

/** "Dataverse answered 404 (0x…): message hint", led by the part of a $batch it came from. */
function errorText(
  status: number,
  code: string | undefined,
  message: string,
  hint: string | undefined,
  part: DataverseErrorDetails['batchPart'],
): string {
  const answered = code
    ? l10n.t({
        message: 'Dataverse answered {0} ({1}): {2}',
        args: [status, code, message],
        comment: ['{0} is an HTTP status, {1} an error code, {2} the message of the service'],
      })
    : l10n.t({
        message: 'Dataverse answered {0}: {1}',
        args: [status, message],
        comment: ['{0} is an HTTP status, {1} the message of the service'],
      });
  // The hint is a sentence of its own, after the service's.
  const full = hint ? `${answered} ${hint}` : answered;
  if (!part) return full;
  return part.contentId
    ? l10n.t('Part {0} of the batch answer (Content-ID {1}): {2}', part.index + 1, part.contentId, full)
    : l10n.t('Part {0} of the batch answer: {1}', part.index + 1, full);
}

interface ErrorBody {
  error?: Record<string, unknown> & { code?: unknown; message?: unknown };
}

/** The typed error for a failed response; `body` is whatever came back (JSON, HTML, text, nothing). */
export function dataverseErrorFrom(status: number, body: string, details: DataverseErrorDetails = {}): DataverseError {
  const parsed = errorBodyOf(body);
  if (parsed?.error && typeof parsed.error === 'object') {
    const e = parsed.error;
    const code = typeof e.code === 'string' && /^[\w.-]{1,60}$/.test(e.code.trim()) ? e.code.trim() : undefined;
    const message = typeof e.message === 'string' ? e.message : '';
    const text = (key: string): string | undefined => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
    const trace = text('@Microsoft.PowerApps.CDS.TraceText');
    return new DataverseError(status, code, message, {
      ...details,
      ...optional('subErrorCode', text('@Microsoft.PowerApps.CDS.ErrorDetails.SubErrorCode')),
      ...optional('helpLink', text('@Microsoft.PowerApps.CDS.HelpLink')),
      ...optional('traceText', trace === undefined ? undefined : redact(trace)),
    });
  }
  return new DataverseError(status, undefined, parsed ? '' : plainText(body), details);
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function errorBodyOf(body: string): ErrorBody | undefined {
  const value = tryParseJson(body.trim());
  return isJsonObject(value) ? (value as ErrorBody) : undefined;
}

// Short plain text (e.g. a $batch part's "Content-ID Reference: '$1' does not exist…") is worth
// showing; markup, JSON and long dumps are not.
function plainText(body: string): string {
  const text = body.trim();
  if (!text || text.length > MAX_MESSAGE_LENGTH || /[<>{}]/.test(text)) return '';
  return text;
}

function cleanMessage(message: string): string {
  const oneLine = redact(message)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (/<\s*(html|body|head|!doctype)\b/i.test(oneLine)) return '';
  const inert = inertText(oneLine);
  return inert.length > MAX_MESSAGE_LENGTH ? `${inert.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : inert;
}

function statusText(status: number): string {
  if (status === 401) return l10n.t('not signed in, or the token was not accepted.');
  if (status === 403) return l10n.t('access denied.');
  if (status === 404) return l10n.t('not found.');
  if (status === 405) return l10n.t('this method is not allowed on this resource.');
  if (status === 412) return l10n.t('a precondition failed (the record changed, or already exists).');
  if (status === 413) return l10n.t('the request is too large.');
  if (status === 429) return l10n.t('too many requests (service protection).');
  if (status === 502 || status === 504) {
    return l10n.t('a gateway or proxy between you and Dataverse did not get an answer. Try again in a moment.');
  }
  if (status >= 500) return l10n.t('the service had a problem. Try again in a moment.');
  return l10n.t('the request was not accepted.');
}
