// The Global Discovery Service lists the environments (organizations) a signed-in user can reach:
// GET <discovery>/api/discovery/v2.0/Instances with a token for the discovery service.
import { UserError } from '../userError';
import { dataverseErrorFrom } from './errors';
import type { HttpSender } from '../ports';

export interface Environment {
  friendlyName: string;
  /** The organization URL (what a connection's orgUrl is). */
  url: string;
  uniqueName: string;
  urlName: string;
  version: string;
  region: string;
  /** 0 = enabled, 1 = disabled. */
  state: number;
  tenantId: string;
  environmentId: string;
}

export function instancesUrl(discoveryUrl: string): string {
  return `${discoveryUrl.replace(/\/+$/, '')}/api/discovery/v2.0/Instances`;
}

export function parseInstances(body: unknown): Environment[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new UserError('The discovery service answered without a list of environments.');
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return value
    .map((raw) => raw as Record<string, unknown>)
    .filter((i) => text(i.Url).startsWith('https://'))
    .map((i) => ({
      friendlyName: text(i.FriendlyName) || text(i.UrlName) || text(i.Url),
      url: text(i.Url).replace(/\/+$/, ''),
      uniqueName: text(i.UniqueName),
      urlName: text(i.UrlName),
      version: text(i.Version),
      region: text(i.Region),
      state: typeof i.State === 'number' ? i.State : 0,
      tenantId: text(i.TenantId),
      environmentId: text(i.EnvironmentId),
    }))
    .sort((a, b) => a.friendlyName.localeCompare(b.friendlyName));
}

export async function listEnvironments(
  http: HttpSender,
  discoveryUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<Environment[]> {
  const response = await http.request({
    url: instancesUrl(discoveryUrl),
    headers: { Accept: 'application/json', Authorization: `Bearer ${accessToken}` },
    signal,
  });
  if (response.status >= 400) throw dataverseErrorFrom(response.status, response.text());
  return parseInstances(response.json());
}
