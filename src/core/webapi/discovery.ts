// The Global Discovery Service lists the environments (organizations) a signed-in user can reach:
// GET <discovery>/api/discovery/v2.0/Instances with a token for the discovery service.
import * as l10n from '@vscode/l10n';
import { UserError } from '../userError';
import { OrgUrl } from '../org/orgUrl';

export interface Environment {
  friendlyName: string;
  /** The organization (what a connection's orgUrl is), parsed here once. */
  org: OrgUrl;
  uniqueName: string;
  urlName: string;
  version: string;
  region: string;
  /** 0 = enabled, 1 = disabled. */
  state: number;
  tenantId: string;
  environmentId: string;
}

export function parseInstances(body: unknown): Environment[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) {
    throw new UserError(l10n.t('The discovery service answered without a list of environments.'));
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const environments: Environment[] = [];
  for (const raw of value) {
    const i = (raw ?? {}) as Record<string, unknown>;
    // The URL comes from outside: only an https organization address that parses becomes one.
    const org = OrgUrl.parse(text(i.Url));
    if (!org.ok || !text(i.Url).startsWith('https://')) continue;
    environments.push({
      friendlyName: text(i.FriendlyName) || text(i.UrlName) || org.value.url,
      org: org.value,
      uniqueName: text(i.UniqueName),
      urlName: text(i.UrlName),
      version: text(i.Version),
      region: text(i.Region),
      state: typeof i.State === 'number' ? i.State : 0,
      tenantId: text(i.TenantId),
      environmentId: text(i.EnvironmentId),
    });
  }
  return environments.sort((a, b) => a.friendlyName.localeCompare(b.friendlyName));
}
