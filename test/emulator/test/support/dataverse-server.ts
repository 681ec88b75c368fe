// A plain HTTP server around the Dataverse handler with a fake token check, for this side's tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  defaultFaults,
  type AccessTokenClaims,
  type DataverseOptions,
  type EmulatorStats,
  type FaultState,
  type MetadataControl,
  type TokenCheck,
} from '../../src/contract';
import { createDataverseOrg } from '../../src/dataverse/handler';
import { DEFAULT_METADATA_PATH } from '../../src/dataverse/captures';

export const TEST_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** Tokens are `good:<oid>`; `expired:<oid>` is expired; anything else is malformed. */
export function fakeVerify(orgUrl: string): (bearer: string | undefined) => TokenCheck {
  return (bearer) => {
    if (!bearer) return { ok: false, reason: 'missing' };
    const [kind, oid] = bearer.split(':');
    if (kind === 'expired') return { ok: false, reason: 'expired' };
    if (kind !== 'good' || !oid) return { ok: false, reason: 'malformed' };
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      aud: orgUrl,
      iss: `https://sts.windows.net/${TEST_TENANT}/`,
      tid: TEST_TENANT,
      oid,
      appid: '51f81489-12ee-4a9e-aaae-a2591f45987d',
      iat: now,
      nbf: now,
      exp: now + 3600,
      ver: '1.0',
    };
    return { ok: true, claims };
  };
}

export interface TestOrg {
  url: string;
  faults: FaultState;
  stats: EmulatorStats;
  server: Server;
  /** Run-time metadata edits, as the control endpoint's /_emulator/metadata/* makes them. */
  metadata: MetadataControl;
  close(): Promise<void>;
}

export async function startTestOrg(overrides: Partial<DataverseOptions> = {}): Promise<TestOrg> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const faults = defaultFaults();
  const stats: EmulatorStats = {
    tokenRequests: {},
    dataverseRequests: {},
    dataverseResources: {},
    dataverseStatuses: {},
  };
  const { handler, metadata } = createDataverseOrg({
    orgUrl: url,
    challengeAuthorizationUri: `https://login.microsoftonline.com/${TEST_TENANT}/oauth2/authorize`,
    tenantId: TEST_TENANT,
    verifyToken: fakeVerify(url),
    faults,
    stats,
    metadataPath: DEFAULT_METADATA_PATH,
    recordsPerTable: 20,
    accountRecords: 120,
    seed: 7,
    ...overrides,
  });
  server.on('request', (req, res) => void handler(req, res));
  return {
    url,
    faults,
    stats,
    server,
    metadata,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
