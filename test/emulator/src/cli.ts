// `npm run -s emulator -- [options]`: starts the emulator, prints ONE JSON line (its info) as the first
// stdout line, logs to stderr, serves until SIGINT/SIGTERM, then exits 0.
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions } from './server';

const USAGE = `Usage: tsx test/emulator/src/cli.ts [options]
  --port N                    authority port (org = N+1); 0 = free ports (default)
  --authority-address ADDR    address of the authority (login) listener (default 127.0.0.1)
  --org-address ADDR          address of the org (Dataverse) listener (default 127.0.0.1)
  --extra-address HOST        another name/IP the server certificate must cover (repeatable)
  --state-dir DIR             where ca.pem and the certificate client's PEM go (default: fresh temp dir)
  --metadata FILE             $metadata CSDL (.xml or .xml.gz) the org serves
  --records N                 records generated per table
  --accounts N                account records
  --second-org                a second organization from the same metadata on its own port (secondOrgUrl)
  --extra-tables N            generated custom tables added to the org (realistic names, lookups, choices)
  --extra-table-columns M     columns per generated table (default 20; e.g. 400 for the widest real tables)
  --seed N                    seed of the record generator
  --latency-ms N              delay added to every answer
  --token-lifetime-seconds N  access token lifetime (default 3600)
  --device-code-interval-seconds N  polling interval the devicecode endpoint asks for (default 5)
  --access-token-version 1|2  shape of Dataverse access tokens (default 1, as real Dataverse tokens)
  --redirect-uri URI          extra redirect URI registered on the seeded apps (repeatable)
  --config FILE               JSON with the same keys (camelCase) plus "users" and "apps" overrides
  --verbose                   log one line per request (method, path, status) to stderr`;

const NUMBER_FLAGS: Record<string, keyof EmulatorOptions> = {
  '--port': 'port',
  '--records': 'records',
  '--accounts': 'accounts',
  '--extra-tables': 'extraTables',
  '--extra-table-columns': 'extraTableColumns',
  '--seed': 'seed',
  '--latency-ms': 'latencyMs',
  '--token-lifetime-seconds': 'tokenLifetimeSeconds',
  '--device-code-interval-seconds': 'deviceCodeIntervalSeconds',
  '--access-token-version': 'accessTokenVersion',
};
const STRING_FLAGS: Record<string, keyof EmulatorOptions> = {
  '--authority-address': 'authorityAddress',
  '--org-address': 'orgAddress',
  '--state-dir': 'stateDir',
  '--metadata': 'metadataPath',
};
const LIST_FLAGS: Record<string, 'redirectUris' | 'extraAddresses'> = {
  '--redirect-uri': 'redirectUris',
  '--extra-address': 'extraAddresses',
};

export class UsageError extends Error {}

function readConfig(file: string): EmulatorOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`Cannot read --config ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config ${file} must hold a JSON object.`);
  }
  const config = parsed as Record<string, unknown>;
  // The config file may use the CLI's own name for the metadata file.
  if (typeof config.metadata === 'string' && config.metadataPath === undefined) config.metadataPath = config.metadata;
  delete config.metadata;
  return config as EmulatorOptions;
}

/** Parses the command line; flags given on it win over the --config file. */
export function parseArgs(argv: string[]): EmulatorOptions {
  const fromFlags: Record<string, unknown> = {};
  let config: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=')
      ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
      : [argv[i], undefined];
    if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    if (flag === '--verbose') {
      fromFlags.logRequests = true;
      continue;
    }
    if (flag === '--second-org') {
      fromFlags.secondOrg = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value.\n${USAGE}`);
    if (flag === '--config') config = readConfig(value);
    else if (NUMBER_FLAGS[flag]) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} takes a whole number >= 0, not "${value}".`);
      fromFlags[NUMBER_FLAGS[flag]] = n;
    } else if (STRING_FLAGS[flag]) fromFlags[STRING_FLAGS[flag]] = value;
    else if (LIST_FLAGS[flag]) {
      fromFlags[LIST_FLAGS[flag]] = [...((fromFlags[LIST_FLAGS[flag]] as string[]) ?? []), value];
    } else throw new UsageError(`Unknown option ${flag}.\n${USAGE}`);
  }
  const merged = { ...config, ...fromFlags } as EmulatorOptions;
  if (merged.accessTokenVersion !== undefined && merged.accessTokenVersion !== 1 && merged.accessTokenVersion !== 2) {
    throw new UsageError('--access-token-version is 1 or 2.');
  }
  return merged;
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError && /^Usage:/.test(err.message) ? 0 : 2);
  }
  const log = (line: string) => process.stderr.write(`[emulator] ${line}\n`);
  // The handlers come first: a script may signal as soon as it has read the first line (or sooner),
  // and a signal without a handler would end the process with 143 and leave its state folder.
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined = undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    if (emulator) close(emulator);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  emulator = await startEmulator({ ...options, log });
  if (stopping) return close(emulator);
  process.stdout.write(`${JSON.stringify(emulator.info)}\n`);
  log(`authority ${emulator.info.authorityHost}  org ${emulator.info.orgUrl}  tenant ${emulator.info.tenantDomain}`);
  log(`trust ${emulator.info.caCertPath}; control ${emulator.info.controlUrl}; Ctrl+C stops`);
}

function close(emulator: { close(): Promise<unknown> }): void {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`[emulator] failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
