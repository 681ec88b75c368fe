// The loopback redirect target: it owns both halves of `localhost` on its port, takes only the
// callback carrying its sign-in's state, and answers anything else with a fixed page.
import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignInCancelledError } from '../../../../src/core/auth/authErrors';
import { startLoopbackServer } from '../../../../src/core/auth/loopbackServer';
import { get } from '../http/fixtures';

const STATE = 'the-real-state_0123456789abcdefghijklmnopqrstuv';
const at = (host: string, port: string, query = ''): string => `http://${host}:${port}/${query}`;

/** Some CI boxes have no IPv6 loopback; there nobody can listen on ::1, so there is nothing to own. */
function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = http.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port: 0, host: '::1', ipv6Only: true }, () => probe.close(() => resolve(true)));
  });
}

describe('loopback server', () => {
  let ipv6 = true;
  before(async () => {
    ipv6 = await hasIpv6Loopback();
  });
  it('answers the browser, resolves with the callback URL and closes', async () => {
    const server = await startLoopbackServer({ state: STATE, productName: 'VS Code' });
    assert.match(server.redirectUri, /^http:\/\/localhost:\d+\/$/);
    const port = new URL(server.redirectUri).port;
    assert.equal((await get(at('127.0.0.1', port, 'favicon.ico'))).status, 404);
    const page = await get(at('127.0.0.1', port, `?code=abc&state=${STATE}`));
    assert.equal(page.status, 200);
    assert.match(page.body, /You are signed in.*go back to VS Code/s);
    assert.equal(await server.callback, `http://localhost:${port}/?code=abc&state=${STATE}`);
    await assert.rejects(get(at('127.0.0.1', port, `?code=again&state=${STATE}`)), /ECONNREFUSED/);
    if (ipv6) await assert.rejects(get(at('[::1]', port, `?code=again&state=${STATE}`)), /ECONNREFUSED/);
  });

  it('listens on ::1 as well as 127.0.0.1, so `localhost` reaches it whichever way it resolves', async function () {
    if (!ipv6) this.skip();
    const server = await startLoopbackServer({ state: STATE });
    try {
      const port = new URL(server.redirectUri).port;
      const page = await get(at('[::1]', port, `?code=v6&state=${STATE}`));
      assert.match(page.body, /You are signed in/);
      assert.match(await server.callback, /code=v6/);
    } finally {
      await server.close();
    }
  });

  it('refuses to start when another process holds ::1 on its port', async function () {
    if (!ipv6) this.skip();
    const squatter = http.createServer((_q, r) => r.end('gotcha'));
    await new Promise<void>((resolve) => squatter.listen({ port: 0, host: '::1', ipv6Only: true }, resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      await assert.rejects(startLoopbackServer({ state: STATE, port }), /EADDRINUSE/);
      // ... and 127.0.0.1 was let go again.
      await assert.rejects(get(at('127.0.0.1', String(port))), /ECONNREFUSED/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('answers a wrong or missing state with a fixed page, keeps listening, and takes the right one afterwards', async () => {
    const refused: string[] = [];
    const server = await startLoopbackServer({
      state: STATE,
      productName: 'VS Code',
      onRefused: (why) => refused.push(why),
    });
    let resolved = false;
    void server.callback.then(() => {
      resolved = true;
    });
    const port = new URL(server.redirectUri).port;
    const forged = new URLSearchParams({
      error: 'server_error',
      error_description: '<img src=x onerror=alert(1)>[x](command:workbench.action.quit)',
      state: 'forged<b>',
    });
    for (const query of [
      `?${forged}`,
      '?code=abc',
      `?code=abc&state=${STATE}x`,
      `?code=abc&state=forged&state=${STATE}`,
    ]) {
      const page = await get(at('127.0.0.1', port, query));
      assert.equal(page.status, 400, query);
      assert.match(page.body, /Not the sign-in VS Code is waiting for/);
      assert.doesNotMatch(page.body, /onerror|command:|forged|abc/);
    }
    assert.equal(resolved, false, 'a forged request ended the wait');
    assert.deepEqual(refused, [
      'its state is not the one this sign-in issued',
      'it has no state',
      'its state is not the one this sign-in issued',
      'its state is not the one this sign-in issued',
    ]);
    const page = await get(at(ipv6 ? '[::1]' : '127.0.0.1', port, `?code=real&state=${STATE}`));
    assert.match(page.body, /You are signed in/);
    assert.match(await server.callback, /code=real/);
  });

  it('shows a neutral page for an error callback with the right state, and resolves with it', async () => {
    const server = await startLoopbackServer({ state: STATE });
    const q = new URLSearchParams({ error: 'access_denied', error_description: '[x](command:evil)', state: STATE });
    const page = await get(`${server.redirectUri.replace('localhost', '127.0.0.1')}?${q}`);
    assert.match(page.body, /did not complete/);
    assert.doesNotMatch(page.body, /command:/);
    assert.match(await server.callback, /error=access_denied/);
  });

  it('is cancelled by its signal', async () => {
    const controller = new AbortController();
    const server = await startLoopbackServer({ state: STATE, signal: controller.signal });
    controller.abort();
    await assert.rejects(server.callback, SignInCancelledError);
    await assert.rejects(get(server.redirectUri.replace('localhost', '127.0.0.1')), /ECONNREFUSED/);
  });

  it('close() rejects a pending callback', async () => {
    const server = await startLoopbackServer({ state: STATE });
    await server.close();
    await assert.rejects(server.callback, SignInCancelledError);
  });
});
