// POST / PATCH (upsert) / DELETE on records, @odata.bind, ETag preconditions and $ref.
import type { EntityModel } from './model';
import type { Row } from './store';
import { Codes, ODataError, notFoundRecord, segmentNotFound } from './errors';
import { json, noContent, parseSetSegment, type ApiResponse, type Ctx, type SetSegment } from './http-types';
import { entityFor, findRow, mustFindRow, projector, contextSuffix, projectWithExpand } from './entityset';
import { etagOf } from './project';
import { parseQueryOptions } from './options';
import { keysOf } from './metadata/metadata';
import { auditColumns } from './users';

function payloadError(e: EntityModel, detail: string): ODataError {
  return new ODataError(
    400,
    Codes.invalidPayload,
    `Error identified in Payload provided by the user for Entity :'${e.entitySetName}', ` +
      `For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> ` +
      `InnerException : Microsoft.OData.ODataException: ${detail}`,
  );
}

function parseBody(e: EntityModel, body: string): Record<string, unknown> {
  try {
    const v = JSON.parse(body || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the payload error below
  }
  throw payloadError(e, 'The request body is not a valid JSON object.');
}

/** Resolves `/accounts(guid)`, `accounts(guid)` or an absolute URL to a table and id. */
export function resolveEntityRef(ctx: Ctx, ref: string): { entity: EntityModel; id: string } {
  const rel = ref.replace(/^https?:\/\/[^/]+\/api\/data\/v9\.\d\//, '').replace(/^\//, '');
  const seg = parseSetSegment(rel);
  const entity = seg ? ctx.org.model.bySetName.get(seg.set) : undefined;
  if (!seg || !entity || (!seg.key && !seg.altKey)) {
    throw new ODataError(400, Codes.badQuery, `The URI '${ref}' is not valid for an entity reference.`);
  }
  const row = mustFindRow(ctx, entity, seg);
  return { entity, id: row.id };
}

function checkValue(e: EntityModel, name: string, value: unknown): void {
  const a = e.attrByName.get(name)!;
  if (value === null) return;
  const bad = (want: string): never => {
    throw payloadError(e, `Cannot convert the literal '${String(value)}' to the expected type '${want}'.`);
  };
  switch (a.typeName) {
    case 'StringType':
    case 'MemoType':
    case 'MultiSelectPicklistType':
      if (typeof value !== 'string') bad('Edm.String');
      break;
    case 'BooleanType':
      if (typeof value !== 'boolean') bad('Edm.Boolean');
      break;
    case 'IntegerType':
    case 'BigIntType':
    case 'DecimalType':
    case 'DoubleType':
    case 'MoneyType':
      if (typeof value !== 'number') bad(a.edmType);
      break;
    case 'PicklistType':
    case 'StateType':
    case 'StatusType':
      if (typeof value !== 'number') bad('Edm.Int32');
      if (a.options.length && !a.options.some((o) => o.value === value)) {
        throw new ODataError(
          400,
          Codes.validation,
          `A validation error occurred. The value ${String(value)} of '${name}' on record of type '${e.logicalName}' is outside the valid range. Accepted Values: ${a.options.map((o) => o.value).join(',')}`,
        );
      }
      break;
    default:
      break;
  }
}

/** Turns a request payload into stored values, resolving @odata.bind. */
export function toValues(
  ctx: Ctx,
  e: EntityModel,
  payload: Record<string, unknown>,
): { values: Record<string, unknown>; targets: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const targets: Record<string, string> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key.endsWith('@odata.bind')) {
      const navName = key.slice(0, -'@odata.bind'.length);
      const nav = e.navByName.get(navName);
      if (!nav || nav.collection || !nav.referentialProperty) {
        throw payloadError(
          e,
          `An undeclared property '${navName}' which only has property annotations in the payload but no property value was found in the payload.`,
        );
      }
      if (value === null) {
        values[nav.referentialProperty] = null;
        continue;
      }
      const ref = resolveEntityRef(ctx, String(value));
      values[nav.referentialProperty] = ref.id;
      targets[nav.referentialProperty] = ref.entity.logicalName;
    } else if (key.startsWith('@') || key.includes('@')) {
      continue;
    } else if (e.attrByName.has(key) && e.attrByName.get(key)!.webApiName === key) {
      checkValue(e, key, value);
      values[key] = value;
    } else if (e.attrByWebName.has(key)) {
      throw new ODataError(
        400,
        Codes.badQuery,
        'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.',
      );
    } else {
      throw payloadError(
        e,
        `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${e.logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  return { values, targets };
}

function entityId(ctx: Ctx, e: EntityModel, row: Row): string {
  return `${ctx.base}${e.entitySetName}(${row.id})`;
}

function written(ctx: Ctx, e: EntityModel, row: Row, params: URLSearchParams, createdStatus: number): ApiResponse {
  const headers = { 'OData-EntityId': entityId(ctx, e, row), ETag: etagOf(row) };
  if (!ctx.prefs.returnRepresentation) return noContent(headers);
  ctx.applied.push('return=representation');
  const q = parseQueryOptions(params);
  if (q.select) ctx.org.engine.checkColumns(e, q.select);
  const body = {
    '@odata.context': `${ctx.base}$metadata#${e.entitySetName}${contextSuffix(q)}/$entity`,
    ...projectWithExpand(ctx, e, row, q, projector(ctx)),
  };
  return json(createdStatus, body, headers);
}

/** Alternate keys are unique: a create that repeats one answers DuplicateRecordEntityKey (412). */
function checkAlternateKeys(ctx: Ctx, e: EntityModel, values: Record<string, unknown>): void {
  for (const key of keysOf(e)) {
    const cols = key.attributes.map((a) => e.attrByName.get(a)?.webApiName ?? a);
    if (cols.some((c) => values[c] === undefined || values[c] === null)) continue;
    const same = (r: Row): boolean =>
      cols.every((c) => String(r.values[c] ?? '').toLowerCase() === String(values[c]).toLowerCase());
    for (const { row } of ctx.org.engine.table(e).scan(0, cols.map((c) => e.attrByWebName.get(c)!).filter(Boolean))) {
      if (same(row)) {
        throw new ODataError(
          412,
          Codes.duplicateEntityKey,
          `Entity Key ${key.logicalName} violated. A record with the same value for ${key.attributes.join(',')} ` +
            'already exists. A duplicate record cannot be created. Select one or more unique values and try again.',
        );
      }
    }
  }
}

/** The payload's values with the columns that record who wrote. */
function valuesWithAudit(
  ctx: Ctx,
  e: EntityModel,
  body: string,
  isNew: boolean,
): { values: Record<string, unknown>; targets: Record<string, string> } {
  const { values, targets } = toValues(ctx, e, parseBody(e, body));
  const audit = auditColumns(ctx, e, isNew);
  return { values: { ...values, ...audit.values }, targets: { ...targets, ...audit.targets } };
}

export function create(ctx: Ctx, e: EntityModel, body: string, params: URLSearchParams): ApiResponse {
  const { values, targets } = valuesWithAudit(ctx, e, body, true);
  const table = ctx.org.engine.table(e);
  const id = values[e.primaryIdAttribute];
  // DuplicateRecord, answered as in "Prevent create in upsert" (update-delete-entities-using-web-api).
  if (typeof id === 'string' && table.get(id)) {
    throw new ODataError(412, Codes.duplicateKey, 'A record with matching key values already exists.');
  }
  checkAlternateKeys(ctx, e, values);
  const row = table.create(values, targets, typeof id === 'string' ? id : undefined);
  return written(ctx, e, row, params, 201);
}

export function upsert(
  ctx: Ctx,
  e: EntityModel,
  seg: SetSegment,
  body: string,
  params: URLSearchParams,
  ifMatch?: string,
  ifNoneMatch?: string,
): ApiResponse {
  const existing = findRow(ctx, e, seg);
  const { values, targets } = valuesWithAudit(ctx, e, body, !existing);
  const table = ctx.org.engine.table(e);
  if (ifNoneMatch === '*' && existing) {
    throw new ODataError(412, Codes.duplicateKey, 'A record with matching key values already exists.');
  }
  if (ifMatch && ifMatch !== 'null') {
    if (!existing) throw notFoundRecord(e.logicalName, seg.key ?? JSON.stringify(seg.altKey));
    if (ifMatch !== '*' && ifMatch !== etagOf(existing)) {
      throw new ODataError(
        412,
        Codes.preconditionFailed,
        "The version of the existing record doesn't match the RowVersion property provided.",
      );
    }
  }
  if (existing) {
    delete values[e.primaryIdAttribute];
    return written(ctx, e, table.update(existing.id, values, targets)!, params, 200);
  }
  const keyValues = seg.altKey ?? {};
  const row = table.create({ ...keyValues, ...values }, targets, seg.key);
  return written(ctx, e, row, params, 201);
}

export function remove(ctx: Ctx, e: EntityModel, seg: SetSegment, ifMatch?: string): ApiResponse {
  const row = mustFindRow(ctx, e, seg);
  if (ifMatch && ifMatch !== '*' && ifMatch !== 'null' && ifMatch !== etagOf(row)) {
    throw new ODataError(
      412,
      Codes.preconditionFailed,
      "The version of the existing record doesn't match the RowVersion property provided.",
    );
  }
  ctx.org.engine.table(e).delete(row.id);
  return noContent();
}

/** `accounts(id)/nav/$ref` for GET, POST/PUT (associate) and DELETE (disassociate). */
export function handleRef(
  ctx: Ctx,
  method: string,
  e: EntityModel,
  seg: SetSegment,
  navSeg: string,
  body: string,
  params: URLSearchParams,
): ApiResponse {
  const row = mustFindRow(ctx, e, seg);
  const navParsed = parseSetSegment(navSeg);
  const nav = navParsed ? e.navByName.get(navParsed.set) : undefined;
  if (!nav || !navParsed) throw segmentNotFound(navSeg);
  const target = entityFor(ctx, ctx.org.model.byLogicalName.get(nav.target)?.entitySetName ?? '');
  const back = nav.partner ? target.navByName.get(nav.partner) : undefined;
  if (method === 'GET') {
    if (!nav.collection) {
      const id = nav.referentialProperty ? row.values[nav.referentialProperty] : null;
      return json(200, {
        '@odata.context': `${ctx.base}$metadata#$ref`,
        '@odata.id': typeof id === 'string' ? `${ctx.base}${target.entitySetName}(${id})` : null,
      });
    }
    const ref = back?.referentialProperty;
    const ids = ref
      ? ctx.org.engine
          .run(target, {
            filter: { k: 'cmp', op: 'eq', l: { k: 'prop', path: [ref] }, r: { k: 'lit', v: row.id } },
            select: [ref],
            pageSize: 5000,
            count: false,
          })
          .rows.map((r) => r.id)
      : [];
    return json(200, {
      '@odata.context': `${ctx.base}$metadata#Collection($ref)`,
      value: ids.map((id) => ({ '@odata.id': `${ctx.base}${target.entitySetName}(${id})` })),
    });
  }
  const relatedId =
    method === 'DELETE'
      ? (navParsed.key ?? (params.get('$id') ? resolveEntityRef(ctx, params.get('$id')!).id : undefined))
      : resolveEntityRef(ctx, String((JSON.parse(body || '{}') as Record<string, unknown>)['@odata.id'] ?? '')).id;
  if (!nav.collection && nav.referentialProperty) {
    const set = method === 'DELETE' ? null : relatedId!;
    ctx.org.engine
      .table(e)
      .update(row.id, { [nav.referentialProperty]: set }, set ? { [nav.referentialProperty]: target.logicalName } : {});
  } else if (back?.referentialProperty && relatedId) {
    const t = ctx.org.engine.table(target);
    if (!t.get(relatedId)) throw notFoundRecord(target.logicalName, relatedId);
    t.update(
      relatedId,
      { [back.referentialProperty]: method === 'DELETE' ? null : row.id },
      method === 'DELETE' ? {} : { [back.referentialProperty]: e.logicalName },
    );
  }
  return noContent();
}
