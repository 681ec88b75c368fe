// Global Discovery Service (`/api/discovery/v2.0/Instances`), for environment pickers.
import { stableGuid } from './util';
import { ORG_VERSION } from './router';

export function discoveryInstances(orgUrl: string, tenantId: string, organizationId: string): Record<string, unknown> {
  const host = new URL(orgUrl).host;
  const instance = (name: string, url: string, id: string, purpose: string): Record<string, unknown> => ({
    Id: id,
    UniqueName: `unq${id.replace(/-/g, '').slice(0, 24)}`,
    UrlName: name,
    FriendlyName: name === 'sandbox' ? 'Emulator Sandbox' : 'Emulator Sandbox (second)',
    State: 0,
    Version: ORG_VERSION,
    Url: url,
    ApiUrl: url,
    LastUpdated: '2024-06-01T02:50:48Z',
    TrialExpirationDate: null,
    OrganizationType: 0,
    Purpose: purpose,
    Region: 'EMU',
    TenantId: tenantId,
    EnvironmentId: stableGuid(`env:${url}`),
    DatacenterId: stableGuid('datacenter'),
    DatacenterName: 'emulator',
  });
  return {
    '@odata.context': `${orgUrl}/api/discovery/v2.0/$metadata#Instances`,
    value: [
      instance('sandbox', orgUrl, organizationId, 'Emulated organization'),
      instance(
        'second',
        `https://second.invalid/${host}`,
        stableGuid(`org:second:${host}`),
        'Unreachable second environment (for pickers)',
      ),
    ],
  };
}
