// The sign-in pages in a real browser (Playwright + Chromium), the way e2e tests and people use them.
// Skipped where no Chromium is installed (set CHROMIUM_PATH to point at one).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { httpsRequest } from './support/entra-support';
import { startEmulator, type Emulator } from '../src/server';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && existsSync(p),
);

describe('emulator Entra side in a real browser', function () {
  this.timeout(60000);
  let emu: Emulator;
  let browser: Browser;
  let app: Server;
  let received: { method: string; url: string; body: string }[];

  before(async function () {
    if (!CHROMIUM) this.skip();
    emu = await startEmulator({ authorityAddress: '127.0.0.2' });
    received = [];
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.end('signed in');
      });
    });
    await new Promise<void>((ok) => app.listen(0, '127.0.0.1', ok));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--ignore-certificate-errors', '--disable-gpu'],
    });
  });
  after(async () => {
    await browser?.close();
    app?.close();
    await emu?.close();
  });

  it('signs the MFA user in to the consent app: password, code, Accept, then form_post to the app', async () => {
    const port = (app.address() as AddressInfo).port;
    const page = await browser.newPage();
    const query = new URLSearchParams({
      client_id: emu.info.consentClientId,
      response_type: 'code',
      redirect_uri: `http://localhost:${port}/`,
      response_mode: 'form_post',
      scope: `${emu.info.orgUrl}/user_impersonation offline_access`,
      state: 'pw-state',
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update('a'.repeat(50)).digest('base64url'),
    });
    await page.goto(`${emu.info.authorityHost}/organizations/oauth2/v2.0/authorize?${query}`);
    await page.fill('#username', `mfa.user@${emu.info.tenantDomain}`);
    await page.fill('#password', emu.info.users[0].password);
    await page.click('#idSIButton9');
    await page.fill('#otc', '123456');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(`http://localhost:${port}/`);
    // The browser may also ask the app for /favicon.ico; the form post is the one POST.
    const post = received.find((r) => r.method === 'POST' && r.url === '/');
    assert.ok(post, JSON.stringify(received));
    const posted = new URLSearchParams(post.body);
    assert.equal(posted.get('state'), 'pw-state');
    assert.ok(posted.get('code'));
  });

  it('walks the device code pages: code, Continue, sign in, done; the poll then gets tokens', async () => {
    const ca = readFileSync(emu.info.caCertPath, 'utf8');
    const post = async (path: string, form: Record<string, string>) =>
      JSON.parse(
        (
          await httpsRequest(`${emu.info.authorityHost}/${emu.info.tenantId}/${path}`, ca, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(form).toString(),
          })
        ).body,
      ) as Record<string, string>;
    const dc = await post('oauth2/v2.0/devicecode', {
      client_id: emu.info.publicClientId,
      scope: `${emu.info.orgUrl}/user_impersonation`,
    });
    const page = await browser.newPage();
    await page.goto(dc.verification_uri);
    await page.fill('#otc', 'WRONGCODE');
    await page.getByRole('button', { name: 'Next' }).click();
    assert.match((await page.textContent('#errorText')) ?? '', /didn't work/);
    await page.fill('#otc', dc.user_code);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.fill('#username', `alice@${emu.info.tenantDomain}`);
    await page.fill('#password', emu.info.users[0].password);
    await page.click('#idSIButton9');
    assert.match((await page.textContent('#deviceDone')) ?? '', /You may now close this window/);
    const tokens = await post('oauth2/v2.0/token', {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      client_id: emu.info.publicClientId,
      device_code: dc.device_code,
    });
    assert.ok(emu.verifyAccessToken(tokens.access_token).ok);
  });
});
