// OData literals and URL encoding, the two places queries go wrong: a quote in a name ends the
// string ('O''Brien'), and +, # and & in a URL mean something else unless percent-encoded. Values
// enter queries only through `literal()` / the `odata` tag, never by pasting strings together.
import { UserError } from '../userError';

export class QueryBuildError extends UserError {
  constructor(message: string) {
    super(message, { code: 'QUERY_INVALID' });
    this.name = 'QueryBuildError';
  }
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID value: written unquoted (`accountid eq 00000000-…`). */
export class Guid {
  readonly value: string;
  constructor(text: string) {
    const m = GUID.exec(text.trim());
    if (!m) throw new QueryBuildError(`"${text}" is not a GUID (like 00000000-0000-0000-0000-000000000001).`);
    this.value = m[1]!.toLowerCase();
  }
  toString(): string {
    return this.value;
  }
}

/** Text to put in a query as is (an OData expression the caller built and trusts). */
export class RawOData {
  constructor(readonly text: string) {}
}

/** A string that must stay a string literal even when it looks like a GUID. */
export class TextValue {
  constructor(readonly text: string) {}
}

export type ODataValue = string | number | bigint | boolean | null | Date | Guid | RawOData | TextValue;

export const guid = (text: string): Guid => new Guid(text);
export const raw = (text: string): RawOData => new RawOData(text);
export const text = (value: string): TextValue => new TextValue(value);

export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}

/**
 * The OData literal for a value (not yet URL-encoded). Strings are quoted with quotes doubled —
 * except a string shaped like a GUID, which is written as a GUID (Dataverse compares id and lookup
 * columns to unquoted GUIDs); wrap it in `text()` to keep it a string.
 */
export function literal(value: ODataValue): string {
  if (value === null) return 'null';
  if (value instanceof Guid) return value.value;
  if (value instanceof RawOData) return value.text;
  if (value instanceof TextValue) return quote(value.text);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new QueryBuildError('An invalid date cannot be used in a query.');
    return value.toISOString();
  }
  switch (typeof value) {
    case 'string': return isGuid(value) ? new Guid(value).value : quote(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': return value.toString();
    case 'number':
      if (!Number.isFinite(value)) throw new QueryBuildError(`${value} cannot be used in a query; only finite numbers can.`);
      return String(value).replace('e', 'E');
    default: throw new QueryBuildError(`A ${typeof value} cannot be used as a value in a query.`);
  }
}

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Tagged template: odata`name eq ${name} and _parentaccountid_value eq ${id}` with each value a literal. */
export function odata(strings: TemplateStringsArray, ...values: ODataValue[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? literal(values[i]!) : ''), '');
}

/**
 * Percent-encodes a query option's value. Everything that could end or change the value is
 * encoded (space, +, #, &, %, ?, non-ASCII); characters OData syntax uses and URLs allow in a query
 * ($ , / : @ ; = and the ones encodeURIComponent keeps) stay readable.
 */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%(24|2C|2F|3A|40|3B|3D)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Percent-encodes text inside a path segment's key: like a query value, but "/" stays encoded. */
export function encodeKeySegment(value: string): string {
  return encodeURIComponent(value).replace(/%(24|2C|3A|40|3D)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The path of one record: `accounts(<guid>)`, or by alternate key `accounts(accountnumber='A-1')`,
 * `contacts(firstname='Ada',lastname='Lovelace')`.
 */
export function recordPath(entitySet: string, key: string | Guid | Record<string, ODataValue>): string {
  checkEntitySet(entitySet);
  if (typeof key === 'string' || key instanceof Guid) {
    if (!(key instanceof Guid) && !isGuid(key)) throw new QueryBuildError(`A record id must be a GUID, not "${key}". For another key, give its columns and values.`);
    return `${entitySet}(${new Guid(String(key)).value})`;
  }
  const pairs = Object.entries(key);
  if (!pairs.length) throw new QueryBuildError('An alternate key needs at least one column.');
  for (const [name] of pairs) if (!NAME.test(name)) throw new QueryBuildError(`"${name}" is not a column name.`);
  return `${entitySet}(${pairs.map(([name, v]) => `${name}=${encodeKeySegment(literal(v))}`).join(',')})`;
}

export function checkEntitySet(entitySet: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(entitySet)) {
    throw new QueryBuildError(`"${entitySet}" is not an entity set name (like "accounts").`);
  }
}
