// Reads values out of an earlier request's response for `{{create.id}}`,
// `{{create.response.status}}`, `{{create.response.headers.OData-EntityId}}` and
// `{{create.response.body.value[0].name}}` (a `$.` after `body` is accepted, as in REST Client).
import * as l10n from '@vscode/l10n';
import { isJsonObject, tryParseJson } from '../../json';

/** What the runner keeps of a named request's last response (in memory, never on disk). */
export interface RecordedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ResponseRead = { ok: true; value: string } | { ok: false; message: string };

const GUID_IN_PARENS = /\(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)\s*$/;
const SET_IN_CONTEXT = /\$metadata#([A-Za-z_][\w]*)/;

/**
 * `primaryIdOf(entitySet)` gives a table's primary key column, so `{{create.id}}` also works for a
 * create sent with `Prefer: return=representation` (whose body carries the key).
 */
export function readResponse(
  name: string,
  path: readonly string[],
  r: RecordedResponse,
  primaryIdOf?: (entitySet: string) => string | undefined,
): ResponseRead {
  const [first, second, ...rest] = path;
  if (first === 'id' && path.length === 1) return recordId(name, r, primaryIdOf);
  if (first !== 'response' || second === undefined) {
    return {
      ok: false,
      message: l10n.t(
        "Use {0} for the created row's id, or {1}, {2}, {3}.",
        `{{${name}.id}}`,
        `{{${name}.response.body.<property>}}`,
        `{{${name}.response.headers.<name>}}`,
        `{{${name}.response.status}}`,
      ),
    };
  }
  if (second === 'status' && rest.length === 0) return { ok: true, value: String(r.status) };
  if (second === 'headers' && rest.length > 0) {
    const wanted = rest.join('.').toLowerCase();
    const hit = Object.keys(r.headers).find((k) => k.toLowerCase() === wanted);
    return hit !== undefined
      ? { ok: true, value: r.headers[hit]! }
      : { ok: false, message: l10n.t('The response of "{0}" has no {1} header.', name, rest.join('.')) };
  }
  if (second === 'body') return readBody(name, rest, r);
  return {
    ok: false,
    message: l10n.t(
      '"{0}" is not part of a response: use response.status, response.headers.<name> or response.body.<path>.',
      path.join('.'),
    ),
  };
}

function readBody(name: string, path: readonly string[], r: RecordedResponse): ResponseRead {
  if (path.length === 0) return { ok: true, value: r.body };
  const json = tryParseJson(r.body);
  if (json === undefined) {
    return { ok: false, message: l10n.t('The response of "{0}" is not JSON, so it has no properties to read.', name) };
  }
  const steps = pathSteps(path);
  let value: unknown = json;
  for (const step of steps) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, step)) {
      return {
        ok: false,
        message: l10n.t('The response body of "{0}" has no "{1}" (missing at "{2}").', name, steps.join('.'), step),
      };
    }
    value = (value as Record<string, unknown>)[step];
  }
  if (typeof value === 'string') return { ok: true, value };
  return { ok: true, value: JSON.stringify(value) ?? 'null' };
}

/** `value[0].name` and `$.value.0.name` → ['value', '0', 'name']. */
function pathSteps(path: readonly string[]): string[] {
  const out: string[] = [];
  for (const part of path) {
    for (const piece of part.split(/[[\]]/)) if (piece !== '') out.push(piece);
  }
  return out[0] === '$' ? out.slice(1) : out;
}

function recordId(
  name: string,
  r: RecordedResponse,
  primaryIdOf?: (entitySet: string) => string | undefined,
): ResponseRead {
  const header = Object.keys(r.headers).find((k) => k.toLowerCase() === 'odata-entityid');
  const fromHeader = header !== undefined ? GUID_IN_PARENS.exec(r.headers[header]!) : null;
  if (fromHeader) return { ok: true, value: fromHeader[1]! };
  const json = tryParseJson(r.body);
  const body = isJsonObject(json) ? json : undefined;
  for (const key of ['@odata.id', '@odata.editLink']) {
    const m = typeof body?.[key] === 'string' ? GUID_IN_PARENS.exec(body[key]) : null;
    if (m) return { ok: true, value: m[1]! };
  }
  const set =
    typeof body?.['@odata.context'] === 'string' ? SET_IN_CONTEXT.exec(body['@odata.context'])?.[1] : undefined;
  const key = set ? primaryIdOf?.(set) : undefined;
  if (key && typeof body?.[key] === 'string') return { ok: true, value: body[key] };
  return {
    ok: false,
    message: l10n.t(
      'The response of "{0}" has no OData-EntityId header and no row id in its body; use {1}.',
      name,
      `{{${name}.response.body.<id column>}}`,
    ),
  };
}
