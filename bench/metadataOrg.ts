// A Dataverse-only emulator org scaled to ~930 tables, for the metadata benchmark. It exists because
// startEmulator()/the CLI do not pass DataverseOptions.extraTables through (only the handler takes
// it); this wraps the same handler in HTTPS with its own CA, like the real emulator, and a fake
// token check (`good:<oid>`), since the benchmark is about the response, not sign-in.
// Arguments: extra tables (default 700), then a latency in ms added to every answer (default 0: a
// real org is never on localhost). Prints one JSON line {orgUrl, caCertPath} on stdout, then serves
// until SIGTERM/SIGINT.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCertificates } from '../test/emulator/src/ca';
import { defaultFaults, type EmulatorStats } from '../test/emulator/src/contract';
import { DEFAULT_METADATA_PATH } from '../test/emulator/src/dataverse/captures';
import { createDataverseHandler } from '../test/emulator/src/dataverse/handler';
import { fakeVerify, TEST_TENANT } from '../test/emulator/test/support/dataverse-server';

async function main(): Promise<void> {
  const extraTables = Number(process.argv[2] ?? 700);
  const latencyMs = Number(process.argv[3] ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'd365-bench-org-'));
  const certs = await issueCertificates(['127.0.0.1']);
  const caCertPath = join(dir, 'ca.pem');
  writeFileSync(caCertPath, certs.ca.certPem);
  // The handler needs the URL, which needs the port: listen first, attach the handler after.
  const server = createServer({ key: certs.server.keyPem, cert: certs.server.certPem + certs.ca.certPem });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const orgUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stats: EmulatorStats = {
    tokenRequests: {},
    dataverseRequests: {},
    dataverseResources: {},
    dataverseStatuses: {},
  };
  const handler = createDataverseHandler({
    orgUrl,
    challengeAuthorizationUri: `https://login.microsoftonline.com/${TEST_TENANT}/oauth2/authorize`,
    tenantId: TEST_TENANT,
    verifyToken: fakeVerify(orgUrl),
    faults: { ...defaultFaults(), latencyMs },
    stats,
    metadataPath: DEFAULT_METADATA_PATH,
    recordsPerTable: 1,
    extraTables,
  });
  server.on('request', (req, res) => {
    void Promise.resolve(handler(req, res)).catch(() => res.destroy());
  });
  const stop = (): void => {
    server.closeAllConnections();
    server.close(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(JSON.stringify({ orgUrl, caCertPath }) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
