// Links into the organization's own web client (main.aspx), for "Open in Browser". Built from
// parsed values only: the logical name and id are checked, so nothing from a response can turn the
// link into something else.
import type { OrgUrl } from '../org/orgUrl';

const LOGICAL_NAME = /^[a-z0-9_]+$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The table's list of records in the web client. */
export function tableListUrl(org: OrgUrl, logicalName: string): string | undefined {
  if (!LOGICAL_NAME.test(logicalName)) return undefined;
  return `${org.url}/main.aspx?pagetype=entitylist&etn=${logicalName.toLowerCase()}`;
}

/** One record's form in the web client. */
export function recordFormUrl(org: OrgUrl, logicalName: string, id: string): string | undefined {
  if (!LOGICAL_NAME.test(logicalName) || !GUID.test(id)) return undefined;
  return `${org.url}/main.aspx?pagetype=entityrecord&etn=${logicalName.toLowerCase()}&id=${id.toLowerCase()}`;
}

export function isGuid(text: string): boolean {
  return GUID.test(text);
}
