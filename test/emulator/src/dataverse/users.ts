// Who a request runs as. The signed-in caller has a systemuser record of their own; the
// impersonation headers MSCRMCallerID (a systemuserid) and CallerObjectId (a Microsoft Entra object
// id) make the request run as another user, as Dataverse does
// (learn.microsoft.com/power-apps/developer/data-platform/webapi/impersonate-another-user-web-api):
// writes then record that user in createdby/modifiedby and the real caller in
// createdonbehalfby/modifiedonbehalfby, so a test can read who wrote.
import type { Ctx } from './http-types';
import { Codes, ODataError, notFoundRecord } from './errors';
import { isGuid, stableGuid } from './util';

/** The user a request acts as, and the signed-in caller when that is someone else. */
export interface Actor {
  userId: string;
  onBehalfOf?: string;
}

/** The impersonation headers, lower case as the handler keeps them. */
export const CALLER_HEADERS = ['mscrmcallerid', 'callerobjectid'] as const;

/** The systemuserid of the signed-in caller (the WhoAmI UserId). */
export function callerUserId(ctx: Ctx): string {
  return stableGuid(`user:${ctx.oid}`);
}

/** The caller gets a systemuser record, so `systemusers(<UserId>)` after WhoAmI finds them and CallerObjectId can name them. */
export function ensureUser(ctx: Ctx, userId = callerUserId(ctx)): void {
  const users = ctx.org.store.table('systemuser');
  if (!users || users.get(userId)) return;
  const fullname = ctx.user?.name ?? ctx.user?.upn ?? 'Application User';
  const [firstname, ...rest] = fullname.split(' ');
  const values: Record<string, unknown> = {
    fullname,
    firstname,
    lastname: rest.join(' ') || null,
    domainname: ctx.user?.upn ?? null,
    internalemailaddress: ctx.user?.upn ?? null,
    isdisabled: false,
    azureactivedirectoryobjectid: ctx.oid,
  };
  const targets: Record<string, string> = {};
  if (users.entity.attrByWebName.has('_businessunitid_value')) {
    values['_businessunitid_value'] = ctx.org.firstId('businessunit', 'businessunit');
    targets['_businessunitid_value'] = 'businessunit';
  }
  const known = Object.fromEntries(Object.entries(values).filter(([k]) => users.entity.attrByWebName.has(k)));
  users.create(known, targets, userId);
}

/**
 * The user named by MSCRMCallerID / CallerObjectId in `headers` (CallerObjectId, the one the
 * documentation prefers, wins when both are given), or the caller. An id that is no GUID answers
 * 400 and an unknown user 404 ObjectDoesNotExist (0x80040217); the wording is the emulator's own.
 */
export function actorOf(ctx: Ctx, headers: Record<string, string | undefined>): Actor {
  const caller = callerUserId(ctx);
  const objectId = headers['callerobjectid']?.trim();
  const callerId = headers['mscrmcallerid']?.trim();
  const header = objectId !== undefined ? 'CallerObjectId' : callerId !== undefined ? 'MSCRMCallerID' : undefined;
  const value = objectId ?? callerId;
  if (!header || value === undefined) return { userId: caller };
  if (!isGuid(value)) {
    throw new ODataError(400, Codes.invalidArgument, `The ${header} header must be a GUID, not '${value}'.`);
  }
  const id = header === 'MSCRMCallerID' ? findUser(ctx, value) : findByObjectId(ctx, value);
  if (!id) {
    throw header === 'MSCRMCallerID'
      ? notFoundRecord('systemuser', value)
      : new ODataError(404, Codes.notFound, `systemuser With AzureActiveDirectoryObjectId = ${value} Does Not Exist`);
  }
  return id.toLowerCase() === caller ? { userId: caller } : { userId: id.toLowerCase(), onBehalfOf: caller };
}

function findUser(ctx: Ctx, id: string): string | undefined {
  return ctx.org.store.table('systemuser')?.get(id)?.id;
}

/** A signed-in user's record is found by the object id of their token; others by azureactivedirectoryobjectid when the table has it. */
function findByObjectId(ctx: Ctx, objectId: string): string | undefined {
  const own =
    findUser(ctx, stableGuid(`user:${objectId.toLowerCase()}`)) ?? findUser(ctx, stableGuid(`user:${objectId}`));
  if (own) return own;
  const users = ctx.org.store.table('systemuser');
  const attr = users?.entity.attrByWebName.get('azureactivedirectoryobjectid');
  if (!users || !attr) return undefined;
  for (const { row } of users.scan(0, [attr])) {
    if (String(row.values['azureactivedirectoryobjectid'] ?? '').toLowerCase() === objectId.toLowerCase()) {
      return row.id;
    }
  }
  return undefined;
}

/** createdby/modifiedby (and the on-behalf-of columns) for a write by `actor`, limited to the columns the table has. */
export function auditColumns(
  ctx: Ctx,
  table: { attrByWebName: ReadonlyMap<string, unknown> },
  isNew: boolean,
): { values: Record<string, unknown>; targets: Record<string, string> } {
  const actor = ctx.actor ?? { userId: callerUserId(ctx) };
  ensureUser(ctx);
  const values: Record<string, unknown> = {};
  const targets: Record<string, string> = {};
  const set = (column: string, id: string | null): void => {
    const web = `_${column}_value`;
    if (!table.attrByWebName.has(web)) return;
    values[web] = id;
    if (id) targets[web] = 'systemuser';
  };
  for (const kind of isNew ? ['created', 'modified'] : ['modified']) {
    set(`${kind}by`, actor.userId);
    set(`${kind}onbehalfby`, actor.onBehalfOf ?? null);
  }
  return { values, targets };
}
