// The org listener over TLS with latency, as the CLI serves it (a child process, as benchmarks and
// the sandbox run it): $batch requests of 100 PATCHes sent one after the other on one keep-alive
// connection are all answered. A large $batch answer still draining when the next request came used
// to make Node pause the parser mid-body and drop the connection ("socket hang up").
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import fetch from 'node-fetch';

const ROOT = resolve(__dirname, '../../..');

describe('emulator: $batch on a keep-alive TLS connection with latency', function () {
  this.timeout(120_000);

  it('answers 30 large $batch requests in a row on one connection', async () => {
    const child = spawn(
      process.execPath,
      // One process (tsx's loader in it): the SIGTERM at the end reaches the emulator itself.
      ['--import', 'tsx', 'test/emulator/src/cli.ts', '--port', '0', '--accounts', '3000', '--latency-ms', '50'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const line = await new Promise<string>((ok, fail) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', (l) => {
          rl.close();
          ok(l);
        });
        child.once('exit', () => fail(new Error('the CLI exited before printing')));
      });
      const info = JSON.parse(line) as Record<string, string>;
      const agent = new Agent({ ca: readFileSync(info['caCertPath']!, 'utf8'), keepAlive: true, maxSockets: 1 });
      const tokenReply = await fetch(`${info['authorityHost']}/${info['tenantId']}/oauth2/v2.0/token`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: info['confidentialClientId']!,
          client_secret: info['confidentialClientSecret']!,
          scope: `${info['orgUrl']}/.default`,
        }).toString(),
      });
      const token = ((await tokenReply.json()) as { access_token: string }).access_token;
      const headers = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        Prefer: 'odata.maxpagesize=5000',
      };
      const list = await fetch(`${info['orgUrl']}/api/data/v9.2/accounts?$select=accountid`, { agent, headers });
      const ids = ((await list.json()) as { value: { accountid: string }[] }).value.map((r) => r.accountid);
      assert.ok(ids.length >= 3000);
      for (let b = 0; b < 30; b++) {
        const parts = ids
          .slice(b * 100, b * 100 + 100)
          .map(
            (id) =>
              `--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPATCH /api/data/v9.2/accounts(${id}) HTTP/1.1\r\nContent-Type: application/json\r\nIf-Match: *\r\n\r\n{"description":"batch ${b}"}\r\n`,
          );
        const reply = await fetch(`${info['orgUrl']}/api/data/v9.2/$batch`, {
          method: 'POST',
          agent,
          headers: { ...headers, 'Content-Type': 'multipart/mixed; boundary=b', Prefer: 'odata.continue-on-error' },
          body: `${parts.join('')}--b--\r\n`,
        });
        const text = await reply.text();
        assert.equal(reply.status, 200, `batch ${b}`);
        assert.equal((text.match(/HTTP\/1\.1 204/g) ?? []).length, 100, `batch ${b}`);
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
