// The emulator the harness started for this run, as seen from inside the extension host: its
// settings line (D365_EMULATOR_INFO) and small HTTPS helpers that trust its CA.
import fs from 'node:fs';
import https from 'node:https';
import type { EmulatorInfo } from '../emulator/src/entra/info';

/** The emulator's start-up line, as its CLI prints it. */
export type SandboxInfo = EmulatorInfo;

export function sandbox(): SandboxInfo {
  const raw = process.env.D365_EMULATOR_INFO;
  if (!raw) {
    throw new Error(
      'D365_EMULATOR_INFO is not set: run the integration suites through the harness (npm run test:integration)',
    );
  }
  return JSON.parse(raw) as SandboxInfo;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const ca = fs.readFileSync(sandbox().caCertPath, 'utf8');
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: options.method ?? 'GET', headers: options.headers, ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function control<T = unknown>(path: string, body?: unknown): Promise<T> {
  const reply = await request(
    `${sandbox().controlUrl}${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (reply.status >= 400) throw new Error(`control ${path}: ${reply.status} ${reply.body}`);
  return (reply.body ? JSON.parse(reply.body) : undefined) as T;
}

export async function tokenRequests(): Promise<Record<string, number>> {
  return (await control<{ tokenRequests: Record<string, number> }>('/stats')).tokenRequests;
}

/** WhoAmI with a bearer token: proves a token is one Dataverse accepts. */
export async function whoAmI(accessToken: string): Promise<{ status: number; userId?: string }> {
  const reply = await request(`${sandbox().orgUrl}/api/data/v9.2/WhoAmI`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  return {
    status: reply.status,
    userId: reply.status === 200 ? (JSON.parse(reply.body) as { UserId: string }).UserId : undefined,
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
