// Dataverse answers errors as {"error":{"code":"0x…","message":"…"}}. This turns them into
// messages that say what to do; the code goes to telemetry, the message only to the user.
import { redact } from '../log/redact';
import { UserError } from '../userError';

const HINTS: Record<string, string> = {
  '0x80040217': 'The record or table does not exist (or you cannot see it).',
  '0x8006088a': 'Check the table\'s entity set name (plural, e.g. "accounts") and the path.',
  '0x80060888': 'Check the query syntax.',
  '0x80048d19': 'A column in the query does not exist on this table.',
  '0x80044331': 'A value failed validation.',
  '0x80040220': 'Your user lacks a privilege for this; ask an administrator for a security role.',
  '0x80072322': 'Too many requests in 5 minutes (service protection). Wait and try again.',
  '0x80072321': 'Too much execution time in 5 minutes (service protection). Wait and try again.',
  '0x80072326': 'Too many concurrent requests (service protection). Wait and try again.',
};

export class DataverseError extends UserError {
  constructor(
    readonly status: number,
    code: string | undefined,
    serviceMessage: string,
  ) {
    const hint = code ? HINTS[code.toLowerCase()] : undefined;
    const text = `Dataverse answered ${status}${code ? ` (${code})` : ''}: ${redact(serviceMessage)}${hint ? ` ${hint}` : ''}`;
    super(text, { code: code ?? `HTTP${status}` });
    this.name = 'DataverseError';
  }
}

export function dataverseErrorFrom(status: number, body: string): DataverseError {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' && parsed.error.code ? parsed.error.code : undefined;
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : statusText(status);
    return new DataverseError(status, code, message);
  } catch {
    return new DataverseError(status, undefined, statusText(status));
  }
}

function statusText(status: number): string {
  if (status === 401) return 'not signed in, or the token was not accepted.';
  if (status === 403) return 'access denied.';
  if (status === 404) return 'not found.';
  if (status >= 500) return 'the service had a problem. Try again in a moment.';
  return 'the request was not accepted.';
}
