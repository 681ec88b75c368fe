// The CLI contract scripts depend on, its argument parsing, and the control endpoint on both listeners.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from '../src/cli';
import { httpsRequest } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

const ROOT = resolve(__dirname, '../../..');

/**
 * The CLI in one process, as scripts that signal it start it: node with tsx's loader in-process.
 * (The `tsx` command runs the script in a child and, when that child does not acknowledge a relayed
 * signal within 30 ms, as on a busy machine, kills it with SIGKILL and exits 143 itself.)
 */
function spawnCli(args: string[], detached = false) {
  return spawn(process.execPath, ['--import', 'tsx', 'test/emulator/src/cli.ts', ...args], {
    cwd: ROOT,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The first stdout line of a process; fails with its stderr when it exits first. */
function firstLine(child: ReturnType<typeof spawnCli>, stderr: () => string): Promise<string> {
  return new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => {
      rl.close();
      ok(line);
    });
    child.once('exit', () => fail(new Error(`CLI exited before printing:\n${stderr()}`)));
  });
}

describe('emulator CLI', function () {
  this.timeout(60000);

  it('prints one JSON line first, serves, and exits 0 on SIGTERM', async () => {
    const child = spawnCli(['--port', '0', '--records', '3']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    const info = JSON.parse(await firstLine(child, () => stderr)) as Record<string, unknown>;
    for (const key of [
      'authorityHost',
      'tenantId',
      'tenantDomain',
      'orgUrl',
      'caCertPath',
      'publicClientId',
      'confidentialClientId',
      'confidentialClientSecret',
      'certificateClientId',
      'certificatePemPath',
      'users',
      'controlUrl',
    ]) {
      assert.ok(info[key] !== undefined && info[key] !== '', `missing ${key}`);
    }
    assert.match(String(info.authorityHost), /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(String(info.tenantId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(
      Array.isArray(info.users) &&
        (info.users as { username: string; password: string }[]).every((u) => u.username && u.password),
    );
    const ca = readFileSync(String(info.caCertPath), 'utf8');
    const res = await httpsRequest(`${String(info.controlUrl)}/info`, ca);
    assert.deepEqual(JSON.parse(res.body), info);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  // A busy machine, made certain: every process of the CLI's group is stopped when SIGTERM comes, the
  // signalled process gets the CPU first and the others 300 ms later. The CLI still stops cleanly:
  // exit 0, its state folder removed (no process in between that gives up on it and kills it).
  it('exits 0 on SIGTERM and removes its state folder when it gets the CPU late', async function () {
    if (process.platform === 'win32') this.skip();
    const child = spawnCli(['--port', '0', '--records', '1'], true);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    const info = JSON.parse(await firstLine(child, () => stderr)) as { stateDir: string };
    const group = -child.pid!;
    try {
      process.kill(group, 'SIGSTOP');
      child.kill('SIGTERM');
      process.kill(child.pid!, 'SIGCONT');
      await new Promise((ok) => setTimeout(ok, 300));
    } finally {
      try {
        process.kill(group, 'SIGCONT');
      } catch {
        // the group is gone already
      }
    }
    assert.equal(await exited, 0, stderr);
    assert.equal(existsSync(info.stateDir), false, `${info.stateDir} is left behind`);
  });

  it('parses flags, repeats and a --config file; flags win over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(
        file,
        JSON.stringify({
          port: 7000,
          metadata: 'x.xml',
          users: [{ username: 'carol@sandbox.onmicrosoft.com', password: 'p', mfa: true }],
        }),
      );
      const opts = parseArgs([
        '--config',
        file,
        '--port',
        '8000',
        '--redirect-uri',
        'http://127.0.0.1/a',
        '--redirect-uri=http://127.0.0.1/b',
        '--latency-ms',
        '5',
      ]);
      assert.equal(opts.port, 8000);
      assert.equal(opts.metadataPath, 'x.xml');
      assert.equal(opts.latencyMs, 5);
      assert.equal(parseArgs(['--verbose']).logRequests, true);
      assert.deepEqual(opts.redirectUris, ['http://127.0.0.1/a', 'http://127.0.0.1/b']);
      assert.equal(opts.users?.[0].username, 'carol@sandbox.onmicrosoft.com');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(() => parseArgs(['--port', 'abc']), /--port takes a whole number/);
    assert.throws(() => parseArgs(['--frobnicate', '1']), /Unknown option --frobnicate/);
    assert.throws(() => parseArgs(['--config', '/nonexistent/emulator.json']), /Cannot read --config/);
  });
});

describe('emulator control endpoint', function () {
  let emu: Emulator;
  let ca: string;

  before(async function () {
    this.timeout(30000);
    emu = await startEmulator({ users: [{ username: 'carol@sandbox.onmicrosoft.com', password: 'Carol-1!' }] });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
  });
  after(() => emu?.close());

  const call = async (base: string, method: string, path: string, body?: object) => {
    const res = await httpsRequest(`${base}/${path}`, ca, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
  };

  it('merges faults on either listener, refuses unknown keys and bad values, and resets', async () => {
    const merged = await call(emu.info.orgControlUrl, 'POST', 'faults', { throttleNext: 2, latencyMs: 0 });
    assert.equal(merged.status, 200);
    assert.equal(emu.faults.throttleNext, 2);
    assert.equal((await call(emu.info.controlUrl, 'GET', 'faults')).json.throttleNext, 2);
    const unknown = await call(emu.info.controlUrl, 'POST', 'faults', { nope: 1 });
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.json.message), /Unknown fault "nope"/);
    assert.equal((await call(emu.info.controlUrl, 'POST', 'faults', { serverErrorRate: 2 })).status, 400);
    assert.equal((await call(emu.info.controlUrl, 'POST', 'faults', { tokenEndpointDown: 'yes' })).status, 400);
    await call(emu.info.controlUrl, 'POST', 'faults/reset');
    assert.equal(emu.faults.throttleNext, 0);
  });

  it('counts token requests by grant type and resets the counters in place', async () => {
    const stats = emu.stats;
    await httpsRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.info.confidentialClientId,
        client_secret: emu.info.confidentialClientSecret,
        scope: `${emu.info.orgUrl}/.default`,
      }).toString(),
    });
    const counted = (await call(emu.info.controlUrl, 'GET', 'stats')).json.tokenRequests as Record<string, number>;
    assert.equal(counted.client_credentials, 1);
    await call(emu.info.controlUrl, 'POST', 'stats/reset');
    assert.strictEqual(emu.stats, stats);
    assert.deepEqual(stats.tokenRequests, {});
  });

  it('adds configured users, answers info, and explains unknown actions', async () => {
    const info = (await call(emu.info.controlUrl, 'GET', 'info')).json;
    assert.ok((info.users as { username: string }[]).some((u) => u.username === 'carol@sandbox.onmicrosoft.com'));
    const missing = await call(emu.info.controlUrl, 'GET', 'nothing-here');
    assert.equal(missing.status, 404);
    assert.match(String(missing.json.message), /Known: GET \/_emulator\/info/);
    const approve = await call(emu.info.controlUrl, 'POST', 'device/approve', { user_code: 'ZZZZZZZZZ' });
    assert.equal(approve.status, 400);
    assert.match(String(approve.json.message), /No pending device code/);
  });
});

describe('emulator end to end', function () {
  let emu: Emulator;
  let ca: string;

  before(async function () {
    this.timeout(30000);
    emu = await startEmulator({ records: 2 });
    ca = readFileSync(emu.info.caCertPath, 'utf8');
  });
  after(() => emu?.close());

  it("a token from the authority opens the org's Web API; without one the org challenges with the authority", async () => {
    const anonymous = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/WhoAmI`, ca);
    assert.equal(anonymous.status, 401);
    assert.match(
      anonymous.headers['www-authenticate'],
      new RegExp(`authorization_uri=${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/authorize`),
    );
    const tokenRes = await httpsRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/oauth2/v2.0/token`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.info.confidentialClientId,
        client_secret: emu.info.confidentialClientSecret,
        scope: `${emu.info.orgUrl}/.default`,
      }).toString(),
    });
    const token = (JSON.parse(tokenRes.body) as { access_token: string }).access_token;
    const whoami = await httpsRequest(`${emu.info.orgUrl}/api/data/v9.2/WhoAmI`, ca, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    assert.equal(whoami.status, 200, whoami.body);
    assert.match(whoami.body, /"UserId"/);
  });
});
