// Routes one Web API request (plain or from a $batch) to the code that answers it.
import { json, parseSetSegment, type ApiRequest, type ApiResponse, type Ctx } from './http-types';
import { entityFor, getCollection, getCount, getRelated, getSingle } from './entityset';
import { create, handleRef, remove, upsert } from './writes';
import { parseQueryOptions } from './options';
import { ODataError, segmentNotFound } from './errors';
import { callerUserId, ensureUser } from './users';

function noResource(ctx: Ctx, path: string): ODataError {
  return new ODataError(404, '', `No HTTP resource was found that matches the request URI '${ctx.base}${path}'.`);
}

export function whoAmI(ctx: Ctx): ApiResponse {
  const userId = callerUserId(ctx);
  const businessUnitId = ctx.org.firstId('businessunit', 'businessunit');
  ensureUser(ctx, userId);
  return json(200, {
    '@odata.context': `${ctx.base}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: businessUnitId,
    UserId: userId,
    OrganizationId: ctx.org.firstId('organization', 'organization'),
  });
}

function serviceDocument(ctx: Ctx): ApiResponse {
  return json(200, {
    '@odata.context': `${ctx.base}$metadata`,
    value: ctx.org.model.entities.map((e) => ({ name: e.entitySetName, kind: 'EntitySet', url: e.entitySetName })),
  });
}

export const ORG_VERSION = '9.2.24104.00193';

/** `RetrieveTotalRecordCount(EntityNames=['account','contact'])` */
function totalRecordCount(ctx: Ctx, segment: string): ApiResponse {
  const names = [...segment.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
  const values = names.map((n) => {
    const t = ctx.org.store.table(n);
    if (!t) throw new ODataError(400, '0x80040217', `Could not find an entity with specified entity name: ${n}`);
    return t.length;
  });
  return json(200, {
    '@odata.context': `${ctx.base}$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse`,
    EntityRecordCountCollection: { Count: names.length, IsReadOnly: false, Keys: names, Values: values },
  });
}

export async function route(req: ApiRequest, ctx: Ctx): Promise<ApiResponse> {
  const segments = req.path.split('/').filter((s) => s.length > 0);
  const first = segments[0] ?? '';
  const m = req.method;
  if (first === '') return m === 'GET' ? serviceDocument(ctx) : Promise.reject(noResource(ctx, req.path));
  if (first === '$metadata') {
    return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: ctx.org.model.csdl };
  }
  if (first === 'WhoAmI' || first === 'WhoAmI()') {
    if (m !== 'GET') throw noResource(ctx, req.path);
    return whoAmI(ctx);
  }
  if (first === 'RetrieveVersion' || first === 'RetrieveVersion()') {
    return json(200, {
      '@odata.context': `${ctx.base}$metadata#Microsoft.Dynamics.CRM.RetrieveVersionResponse`,
      Version: ORG_VERSION,
    });
  }
  if (first.startsWith('RetrieveTotalRecordCount(')) return totalRecordCount(ctx, decodeURIComponent(first));
  if (/^RetrieveMetadataChanges(\(|$)/.test(first)) {
    if (m !== 'GET' || segments.length > 1) throw noResource(ctx, req.path);
    return json(200, ctx.org.changes.run(decodeURIComponent(first), req.query, ctx.base));
  }
  if (/^(EntityDefinitions|GlobalOptionSetDefinitions)(\(|$)/.test(first)) {
    if (m !== 'GET') {
      throw new ODataError(405, '0x80060888', `The HTTP method '${m}' is not supported for metadata in this emulator.`);
    }
    return json(
      200,
      ctx.org.metadata.handle(segments.map(decodeURIComponent), parseQueryOptions(req.query), ctx.base).body,
    );
  }
  const seg = parseSetSegment(first);
  if (!seg) throw segmentNotFound(first);
  const e = entityFor(ctx, seg.set);
  const keyed = seg.key !== undefined || seg.altKey !== undefined;
  const rest = segments.slice(1);
  if (rest.length === 0) {
    if (m === 'GET') {
      return keyed ? getSingle(ctx, e, seg, req.query, req.headers['if-none-match']) : getCollection(ctx, e, req.query);
    }
    if (m === 'POST' && !keyed) return create(ctx, e, req.body, req.query);
    if (m === 'PATCH' && keyed) {
      return upsert(ctx, e, seg, req.body, req.query, req.headers['if-match'], req.headers['if-none-match']);
    }
    if (m === 'DELETE' && keyed) return remove(ctx, e, seg, req.headers['if-match']);
    throw noResource(ctx, req.path);
  }
  if (rest[0] === '$count' && !keyed && m === 'GET') return getCount(ctx, e, req.query);
  if (!keyed) throw segmentNotFound(rest[0]!);
  if (rest[rest.length - 1] === '$ref' && rest.length === 2) {
    return handleRef(ctx, m, e, seg, rest[0]!, req.body, req.query);
  }
  if (rest.length === 1 && m === 'GET') {
    const attr = e.attrByWebName.get(rest[0]!);
    if (attr) return getSingle(ctx, e, seg, new URLSearchParams({ $select: attr.webApiName }));
    return getRelated(ctx, e, seg, rest[0]!, req.query);
  }
  throw segmentNotFound(rest[rest.length - 1]!);
}
