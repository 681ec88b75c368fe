// EntityQueryExpression, the Query of RetrieveMetadataChanges: which tables, columns, relationships and
// keys to return, and which of their properties. Shapes per learn.microsoft.com/power-apps/developer/
// data-platform/query-schema-definitions (Web API tab): Properties {AllProperties, PropertyNames},
// Criteria {FilterOperator, Conditions [{PropertyName, ConditionOperator, Value {Type, Value}}], Filters}.
import type { Json } from './metadata';
import { Codes, ODataError } from '../errors';

export interface PropertiesExpression {
  AllProperties?: boolean;
  PropertyNames?: string[];
}
export interface ConditionExpression {
  PropertyName?: string;
  ConditionOperator?: string;
  Value?: { Type?: string; Value?: unknown };
}
export interface FilterExpression {
  FilterOperator?: string;
  Conditions?: ConditionExpression[];
  Filters?: FilterExpression[];
}
export interface SubQuery {
  Properties?: PropertiesExpression;
  Criteria?: FilterExpression;
}

export interface EntityQueryExpression extends SubQuery {
  AttributeQuery?: SubQuery;
  RelationshipQuery?: SubQuery;
  KeyQuery?: SubQuery;
  LabelQuery?: { FilterLanguages?: number[]; MissingLabelBehavior?: number };
}

const OPERATORS = new Set(['Equals', 'NotEquals', 'In', 'NotIn', 'GreaterThan', 'LessThan']);

export function invalidQuery(message: string): ODataError {
  return new ODataError(400, Codes.invalidArgument, message);
}

export function parseEntityQuery(text: string | undefined): EntityQueryExpression {
  if (text === undefined || text.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalidQuery('The Query parameter is not a valid EntityQueryExpression JSON object.');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw invalidQuery('The Query parameter must be a JSON object (EntityQueryExpression).');
  }
  return v as EntityQueryExpression;
}

/** Whether a property is requested (MetadataId, LogicalName and HasChanged always are). */
export function wants(props: PropertiesExpression | undefined, name: string): boolean {
  if (!props || props.AllProperties) return true;
  return ['MetadataId', 'LogicalName', 'HasChanged'].includes(name) || (props.PropertyNames ?? []).includes(name);
}

/**
 * Keeps every key (unrequested ones null, as Dataverse sends them) so clients see the full shape, and
 * drops nothing the caller asked for.
 */
export function projectProperties(o: Json, props: PropertiesExpression | undefined): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) out[k] = k.startsWith('@') || wants(props, k) ? v : null;
  return out;
}

/** Managed properties, AttributeTypeName, RequiredLevel… compare on their Value. */
function plainValue(v: unknown): unknown {
  return v && typeof v === 'object' && !Array.isArray(v) && 'Value' in (v as Json) ? (v as Json)['Value'] : v;
}

function conditionValue(c: ConditionExpression): unknown {
  const type = c.Value?.Type ?? 'System.String';
  const raw = c.Value?.Value;
  if (type.endsWith('[]')) {
    if (Array.isArray(raw)) return raw;
    // The documented form is a string like "['account','contact']".
    return String(raw ?? '')
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map((s) => s.trim().replace(/^'(.*)'$/, '$1'))
      .filter(Boolean);
  }
  if (type === 'System.Boolean') return typeof raw === 'boolean' ? raw : String(raw).toLowerCase() === 'true';
  if (type === 'System.Int32') return Number(raw);
  if (type === 'System.Guid') return String(raw).toLowerCase();
  return raw === null || raw === undefined ? null : String(raw);
}

function same(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function condition(c: ConditionExpression, o: Json, known: Set<string>): boolean {
  const name = c.PropertyName ?? '';
  if (!known.has(name)) {
    throw invalidQuery(`The property '${name}' in a MetadataConditionExpression is not a known property.`);
  }
  const op = c.ConditionOperator ?? '';
  if (!OPERATORS.has(op)) {
    throw invalidQuery(`The MetadataConditionOperator '${op}' is not valid. Use ${[...OPERATORS].join(', ')}.`);
  }
  const actual = plainValue(o[name]);
  const want = conditionValue(c);
  const list = Array.isArray(want) ? want : [want];
  switch (op) {
    case 'Equals':
      return same(actual, want);
    case 'NotEquals':
      return !same(actual, want);
    case 'In':
      return list.some((x) => same(actual, x));
    case 'NotIn':
      return !list.some((x) => same(actual, x));
    case 'GreaterThan':
      return actual !== null && want !== null && (actual as number) > (want as number);
    default:
      return actual !== null && want !== null && (actual as number) < (want as number);
  }
}

/** Evaluates a MetadataFilterExpression; `known` are the property names the filtered type has. */
export function matches(f: FilterExpression | undefined, o: Json, known: Set<string>): boolean {
  if (!f) return true;
  const op = f.FilterOperator ?? 'And';
  if (op !== 'And' && op !== 'Or') throw invalidQuery(`The FilterOperator '${op}' is not valid. Use And or Or.`);
  const results = [
    ...(f.Conditions ?? []).map((c) => condition(c, o, known)),
    ...(f.Filters ?? []).map((x) => matches(x, o, known)),
  ];
  if (results.length === 0) return true;
  return op === 'And' ? results.every(Boolean) : results.some(Boolean);
}

/** Keeps only the languages asked for in every label of an object tree (LabelQuery.FilterLanguages). */
export function filterLabels(v: unknown, languages: Set<number>): unknown {
  if (Array.isArray(v)) return v.map((x) => filterLabels(x, languages));
  if (!v || typeof v !== 'object') return v;
  const o = v as Json;
  const out: Json = {};
  for (const [k, x] of Object.entries(o)) {
    out[k] =
      k === 'LocalizedLabels' && Array.isArray(x)
        ? x.filter((l) => languages.has(Number((l as Json)['LanguageCode'])))
        : filterLabels(x, languages);
  }
  return out;
}
