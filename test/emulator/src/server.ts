// Starts the emulator: a fresh CA, two HTTPS listeners (the authority "login" host and the org host),
// the Entra side on the first, the Dataverse side on the second, /_emulator/* on both.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { issueCertificates, selfSignedCertificate, thumbprints } from './ca';
import {
  defaultFaults,
  type EmulatorStats,
  type FaultState,
  type MetadataControl,
  type RequestHandler,
  type TokenCheck,
} from './contract';
import { createControlHandler } from './control';
import { createDataverseOrg } from './dataverse/handler';
import {
  buildDirectory,
  CERTIFICATE_CLIENT_ID,
  CONFIDENTIAL_CLIENT_ID,
  CONSENT_CLIENT_ID,
  DEV_PUBLIC_CLIENT_ID,
  EXPIRED_SECRET_CLIENT_ID,
  findApp,
  type AppConfig,
  type UserConfig,
} from './entra/directory';
import { createEntraHandler } from './entra/handler';
import { sendJson } from './entra/http';
import { createState, type EntraState } from './entra/state';
import { verifyAccessToken } from './entra/tokens';
import { buildInfo, type EmulatorInfo } from './entra/info';

export interface EmulatorOptions {
  /** Authority port; the org listens on port + 1. 0 (default) picks free ports for both. */
  port?: number;
  authorityAddress?: string;
  orgAddress?: string;
  /** Extra host names or IPs the server certificate must be valid for. */
  extraAddresses?: string[];
  /** Where the CA and the certificate client's PEM are written; default a fresh temp folder, removed on close. */
  stateDir?: string;
  metadataPath?: string;
  records?: number;
  accounts?: number;
  /** Generated custom tables added to the CSDL's (scales the org: 700 → ~960 tables). */
  extraTables?: number;
  /** Columns per generated table (default 20; 400 makes the widest tables real orgs have). */
  extraTableColumns?: number;
  seed?: number;
  latencyMs?: number;
  tokenLifetimeSeconds?: number;
  deviceCodeIntervalSeconds?: number;
  deviceCodeLifetimeSeconds?: number;
  refreshTokenInactivitySeconds?: number;
  accessTokenVersion?: 1 | 2;
  /** Extra redirect URIs registered on the seeded apps. */
  redirectUris?: string[];
  tenantId?: string;
  tenantDomain?: string;
  users?: Partial<UserConfig>[];
  apps?: Partial<AppConfig>[];
  /** Where log lines go (stderr in the CLI); silent by default. */
  log?: (line: string) => void;
  /** Also log one line (method, path, status) per request. */
  logRequests?: boolean;
  /**
   * A second organization on a listener of its own (same CSDL and options, its own data and metadata
   * edits through its own /_emulator): two environments to compare. Its URL is `info.secondOrgUrl`.
   */
  secondOrg?: boolean;
}

export interface Emulator {
  info: EmulatorInfo;
  faults: FaultState;
  stats: EmulatorStats;
  /** The Entra side's memory (users, apps, tokens), for tests that need to look inside. */
  entra: EntraState;
  /** Run-time metadata edits (the same as POST /_emulator/metadata/*). */
  metadata: MetadataControl;
  /** The second org's metadata edits (with `secondOrg`; also POST <secondOrgUrl>/_emulator/metadata/*). */
  secondMetadata?: MetadataControl;
  verifyAccessToken(bearer: string | undefined): TokenCheck;
  close(): Promise<void>;
}

export const DEFAULT_METADATA_PATH = resolve(__dirname, '../../fixtures/dataverse/csdl/crm8-en.xml.gz');

function hostFor(address: string, port: number): string {
  return `https://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, address, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });
}

function notYetHandler(): RequestHandler {
  return (_req, res) =>
    sendJson(res, 404, {
      error: { code: '0x80060888', message: 'The Dataverse side of the emulator is not available.' },
    });
}

function dispatcher(
  control: () => RequestHandler,
  main: () => RequestHandler,
  log: (line: string) => void,
  logRequests: boolean,
): RequestHandler {
  return async (req, res) => {
    // Path only: queries carry codes, states and login hints.
    if (logRequests) res.on('finish', () => log(`${req.method} ${(req.url ?? '').split('?')[0]} -> ${res.statusCode}`));
    try {
      const handler = (req.url ?? '').startsWith('/_emulator') ? control() : main();
      await handler(req, res);
    } catch (err) {
      log(
        `request ${req.method} ${req.url?.split('?')[0]} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!res.headersSent) sendJson(res, 500, { error: 'emulator_error' });
      else res.destroy();
    }
  };
}

interface Handlers {
  authority: RequestHandler;
  org: RequestHandler;
  control: RequestHandler;
  secondOrg: RequestHandler;
  secondControl: RequestHandler;
}

interface Listeners {
  servers: Server[];
  authorityPort: number;
  orgPort: number;
  authorityHost: string;
  orgUrl: string;
  secondOrgUrl?: string;
}

function closeServers(servers: Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((ok) => {
          s.close(() => ok());
          s.closeAllConnections();
        }),
    ),
  ).then(() => undefined);
}

/** Bytes a socket of the org listener buffers before it must drain (see openListeners). */
const ORG_SOCKET_BUFFER = 4 * 1024 * 1024;

/** Both listeners; they route to `handlers`, which are filled in once the URLs are known. */
async function openListeners(
  options: EmulatorOptions,
  tls: { key: string; cert: string },
  handlers: Handlers,
  log: (line: string) => void,
): Promise<Listeners> {
  const authorityAddress = options.authorityAddress ?? '127.0.0.1';
  const orgAddress = options.orgAddress ?? '127.0.0.1';
  const authorityServer = createServer(
    tls,
    dispatcher(
      () => handlers.control,
      () => handlers.authority,
      log,
      !!options.logRequests,
    ),
  );
  const orgServer = createServer(
    tls,
    dispatcher(
      () => handlers.control,
      () => handlers.org,
      log,
      !!options.logRequests,
    ),
  );
  // A $batch answer (tens of KB, over the TLS socket's 16 KB write buffer) still draining when the
  // client's next request comes makes Node pause the parser (its guard against pipelined floods);
  // with TLS the rest of a large request body still arrives, and the connection fails (HPE_PAUSED,
  // "socket hang up" at the client, a write of unknown outcome). Dataverse's front end does not do
  // this; a larger write buffer keeps the org's answers from tripping it. The TLS socket has no
  // public option for it (the server's highWaterMark reaches the raw socket only).
  orgServer.on('secureConnection', (socket: { _writableState?: { highWaterMark: number } }) => {
    if (socket._writableState) socket._writableState.highWaterMark = ORG_SOCKET_BUFFER;
  });
  const requested = options.port ?? 0;
  const authorityPort = await listen(authorityServer, requested, authorityAddress);
  const orgPort = await listen(orgServer, requested === 0 ? 0 : requested + 1, orgAddress).catch(
    async (err: unknown) => {
      await closeServers([authorityServer]);
      throw err;
    },
  );
  const listeners: Listeners = {
    servers: [authorityServer, orgServer],
    authorityPort,
    orgPort,
    authorityHost: hostFor(authorityAddress, authorityPort),
    orgUrl: hostFor(orgAddress, orgPort),
  };
  if (!options.secondOrg) return listeners;
  const secondServer = createServer(
    tls,
    dispatcher(
      () => handlers.secondControl,
      () => handlers.secondOrg,
      log,
      !!options.logRequests,
    ),
  );
  const secondPort = await listen(secondServer, requested === 0 ? 0 : requested + 2, orgAddress).catch(
    async (err: unknown) => {
      await closeServers(listeners.servers);
      throw err;
    },
  );
  return { ...listeners, servers: [...listeners.servers, secondServer], secondOrgUrl: hostFor(orgAddress, secondPort) };
}

function entraSettings(options: EmulatorOptions, l: Listeners) {
  return {
    authorityHost: l.authorityHost,
    orgUrl: l.orgUrl,
    ...(l.secondOrgUrl ? { secondOrgUrl: l.secondOrgUrl } : {}),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
    deviceCodeLifetimeSeconds: options.deviceCodeLifetimeSeconds ?? 900,
    refreshTokenInactivitySeconds: options.refreshTokenInactivitySeconds ?? 90 * 24 * 3600,
    accessTokenVersion: options.accessTokenVersion ?? 1,
  };
}

function dataverseOrg(
  options: EmulatorOptions,
  l: Listeners,
  entra: EntraState,
  orgUrl = l.orgUrl,
): ReturnType<typeof createDataverseOrg> {
  const { tenantId } = entra.directory;
  return createDataverseOrg({
    orgUrl,
    challengeAuthorizationUri: `${l.authorityHost}/${tenantId}/oauth2/authorize`,
    tenantId,
    verifyToken: (bearer) => verifyAccessToken(entra, bearer, orgUrl),
    faults: entra.faults,
    stats: entra.stats,
    metadataPath: options.metadataPath ?? DEFAULT_METADATA_PATH,
    recordsPerTable: options.records ?? 20,
    ...(options.accounts !== undefined ? { accountRecords: options.accounts } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.extraTables !== undefined ? { extraTables: options.extraTables } : {}),
    ...(options.extraTableColumns !== undefined ? { extraTableColumns: options.extraTableColumns } : {}),
  });
}

/** Keys and certificates, new on every start; the CA and the certificate client's PEM go to the state folder. */
async function prepareKeys(options: EmulatorOptions) {
  const ownStateDir = !options.stateDir;
  const stateDir = options.stateDir ? resolve(options.stateDir) : mkdtempSync(join(tmpdir(), 'd365-emulator-'));
  mkdirSync(stateDir, { recursive: true });
  const [certs, signing, clientCert] = await Promise.all([
    issueCertificates([
      options.authorityAddress ?? '127.0.0.1',
      options.orgAddress ?? '127.0.0.1',
      ...(options.extraAddresses ?? []),
    ]),
    selfSignedCertificate('accounts.accesscontrol.windows.net'),
    selfSignedCertificate('Sandbox certificate app'),
  ]);
  const caCertPath = join(stateDir, 'ca.pem');
  const certificatePemPath = join(stateDir, 'certificate-client.pem');
  writeFileSync(caCertPath, certs.ca.certPem);
  writeFileSync(certificatePemPath, clientCert.certPem + clientCert.keyPem, { mode: 0o600 });
  return { stateDir, ownStateDir, certs, signing, clientCert, caCertPath, certificatePemPath };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const log = options.log ?? (() => undefined);
  const metadataPath = options.metadataPath ?? DEFAULT_METADATA_PATH;
  if (!existsSync(metadataPath)) {
    throw new Error(
      `Metadata file not found: ${metadataPath}. --metadata takes a $metadata CSDL document (.xml or .xml.gz).`,
    );
  }
  const { stateDir, ownStateDir, certs, signing, clientCert, caCertPath, certificatePemPath } =
    await prepareKeys(options);

  const handlers: Handlers = {
    authority: notYetHandler(),
    org: notYetHandler(),
    control: notYetHandler(),
    secondOrg: notYetHandler(),
    secondControl: notYetHandler(),
  };
  const l = await openListeners(
    options,
    { key: certs.server.keyPem, cert: certs.server.certPem + certs.ca.certPem },
    handlers,
    log,
  );
  const faults: FaultState = { ...defaultFaults(), latencyMs: options.latencyMs ?? 0 };
  const stats: EmulatorStats = {
    tokenRequests: {},
    dataverseRequests: {},
    dataverseResources: {},
    dataverseStatuses: {},
  };
  const directory = buildDirectory(
    { redirectUris: options.redirectUris ?? [], certificatePem: clientCert.certPem },
    options,
  );
  const entra = createState(
    entraSettings(options, l),
    directory,
    { kid: thumbprints(signing.certPem).x5t, keyPem: signing.keyPem, certPem: signing.certPem },
    faults,
    stats,
  );
  const info = buildInfo({
    ...l,
    caCertPath,
    certificatePemPath,
    stateDir,
    directory,
    certThumbprints: thumbprints(clientCert.certPem),
    app: (id) => findApp(directory, id),
    ids: {
      DEV_PUBLIC_CLIENT_ID,
      CONSENT_CLIENT_ID,
      CONFIDENTIAL_CLIENT_ID,
      EXPIRED_SECRET_CLIENT_ID,
      CERTIFICATE_CLIENT_ID,
    },
  });
  writeFileSync(join(stateDir, 'info.json'), JSON.stringify(info, null, 2));
  let metadata: MetadataControl | undefined;
  let secondMetadata: MetadataControl | undefined;
  try {
    const org = dataverseOrg(options, l, entra);
    handlers.org = org.handler;
    metadata = org.metadata;
    if (l.secondOrgUrl) {
      const second = dataverseOrg(options, l, entra, l.secondOrgUrl);
      handlers.secondOrg = second.handler;
      secondMetadata = second.metadata;
    }
  } catch (err) {
    await closeServers(l.servers);
    if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
  handlers.authority = createEntraHandler(entra, log);
  handlers.control = createControlHandler({ entra, faults, stats, info: () => info, metadata: () => metadata });
  handlers.secondControl = createControlHandler({
    entra,
    faults,
    stats,
    info: () => info,
    metadata: () => secondMetadata,
  });

  let closed = false;
  return {
    info,
    faults,
    stats,
    entra,
    metadata: metadata!,
    ...(secondMetadata ? { secondMetadata } : {}),
    verifyAccessToken: (bearer) => verifyAccessToken(entra, bearer),
    async close() {
      if (closed) return;
      closed = true;
      await closeServers(l.servers);
      if (ownStateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
