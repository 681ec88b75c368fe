// Readers for untrusted metadata JSON: a field of the wrong type reads as missing, so a surprising
// response degrades to a blank cell instead of "undefined" in the tree or a crash in a mapper.
import * as l10n from '@vscode/l10n';
import { UserError } from '../userError';

import { isJsonObject as isObject, type JsonObject } from '../json';

export { isObject, type JsonObject };

export function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function bool(o: JsonObject, key: string): boolean {
  return o[key] === true;
}

export function num(o: JsonObject, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `{"Value": "…"}` wrappers (AttributeTypeName, RequiredLevel, managed properties). */
export function wrappedStr(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return isObject(v) ? str(v, 'Value') : typeof v === 'string' && v ? v : undefined;
}

export function strings(o: JsonObject, key: string): string[] | undefined {
  const v = o[key];
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
}

export function objects(o: JsonObject, key: string): JsonObject[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** The `value` array of an OData collection response; throws on anything else. */
export function collection(body: unknown, what: string): JsonObject[] {
  if (!isObject(body) || !Array.isArray(body['value'])) {
    throw new UserError(
      l10n.t('Dataverse sent an unexpected answer for {0} (no "value" list). Refresh to try again.', what),
      {
        code: 'UnexpectedMetadata',
      },
    );
  }
  return body['value'].filter(isObject);
}
