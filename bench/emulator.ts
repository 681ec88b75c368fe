// The full emulator (Entra + Dataverse) in a child process, and the few raw calls the benchmarks make
// to it outside the code under test: an app-only token and the request counters.
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import fetch from 'node-fetch';
import { startServerProcess, type ServerInfo } from './util';

export interface EmulatorProcess {
  info: Required<
    Pick<
      ServerInfo,
      | 'orgUrl'
      | 'caCertPath'
      | 'authorityHost'
      | 'tenantId'
      | 'controlUrl'
      | 'publicClientId'
      | 'confidentialClientId'
      | 'confidentialClientSecret'
    >
  >;
  ca: string;
  /** Client-credentials token for the org, fetched directly (not through the code under test). */
  appToken(): Promise<string>;
  /** The emulator's counters (GET /_emulator/stats). */
  stats(): Promise<{ tokenRequests: Record<string, number>; dataverseRequests: Record<string, number> }>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(opts: {
  accounts: number;
  tokenLifetimeSeconds: number;
  /** Delay the emulator adds to every answer (its latencyMs fault). */
  latencyMs?: number;
}): Promise<EmulatorProcess> {
  const server = await startServerProcess('test/emulator/src/cli.ts', [
    '--port',
    '0',
    '--accounts',
    String(opts.accounts),
    '--token-lifetime-seconds',
    String(opts.tokenLifetimeSeconds),
    '--device-code-interval-seconds',
    '1',
    ...(opts.latencyMs ? ['--latency-ms', String(opts.latencyMs)] : []),
  ]);
  const info = server.info as EmulatorProcess['info'];
  const ca = readFileSync(info.caCertPath, 'utf8');
  // A separate agent from the ones under test, so control traffic never warms their connections.
  const agent = new Agent({ ca, keepAlive: false });
  return {
    info,
    ca,
    stop: server.stop,
    async appToken() {
      const res = await fetch(`${info.authorityHost}/${info.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: info.confidentialClientId,
          client_secret: info.confidentialClientSecret,
          scope: `${info.orgUrl}/.default`,
        }).toString(),
      });
      const body = (await res.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) {
        throw new Error(`No app token from the emulator: ${body.error_description ?? res.status}`);
      }
      return body.access_token;
    },
    async stats() {
      const res = await fetch(`${info.controlUrl}/stats`, { agent });
      return (await res.json()) as Awaited<ReturnType<EmulatorProcess['stats']>>;
    },
  };
}
