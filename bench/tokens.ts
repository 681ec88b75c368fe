// tokens: N concurrent acquireTokenSilent calls for one account whose token is due for renewal must
// cause exactly one refresh_token request (the TokenClient's single flight), and should cost about
// what one silent call costs. The emulator issues 120 s tokens, inside MSAL's 5-minute renewal
// margin, so every silent call finds its cached token "expired" and refreshes: that is the baseline.
import fetch from 'node-fetch';
import { Agent } from 'node:https';
import { Authority } from '../src/core/auth/authority';
import { MemorySecretStore } from '../src/core/auth/cachePlugin';
import { resolveCloud } from '../src/core/org/clouds';
import { ScopeSet } from '../src/core/auth/scopes';
import { TokenClient } from '../src/core/auth/tokenClient';
import { HttpClient } from '../src/core/http/httpClient';
import type { EmulatorProcess } from './emulator';
import { now, paired, pairedLine, type BenchResult } from './util';

export async function benchTokens(
  emu: EmulatorProcess,
  opts: { concurrency: number; rounds: number },
): Promise<BenchResult> {
  const { info } = emu;
  const cloud = resolveCloud('custom', info.authorityHost);
  if (!cloud.ok) throw new Error(cloud.message);
  const authority = Authority.create(cloud.cloud, info.tenantId);
  if (!authority.ok) throw new Error(authority.message);
  const scopes = ScopeSet.parse([`${info.orgUrl}/user_impersonation`]);
  if (!scopes.ok) throw new Error(scopes.message);
  const client = await TokenClient.create({
    authority: authority.value,
    clientId: info.publicClientId,
    http: new HttpClient({ extraCa: [emu.ca] }),
    secretStore: new MemorySecretStore(),
  });

  // Sign in once by device code, approved through the emulator's control endpoint (as the unit tests do).
  const control = new Agent({ ca: emu.ca });
  const signedIn = await client.acquireTokenByDeviceCode({
    scopes: scopes.value,
    onCode: (code) => {
      void fetch(`${info.controlUrl}/device/approve`, {
        method: 'POST',
        agent: control,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user_code: code.userCode }),
      });
    },
  });
  const accountId = signedIn.account?.id;
  if (!accountId) throw new Error('device-code sign-in returned no account');
  const silent = () => client.acquireTokenSilent({ scopes: scopes.value, accountId });
  const refreshes = async (): Promise<number> => (await emu.stats()).tokenRequests.refresh_token ?? 0;

  /** Runs `work`, returns its time and how many refresh_token grants the emulator counted meanwhile. */
  const measure = async (work: () => Promise<unknown>): Promise<{ ms: number; refreshes: number }> => {
    const before = await refreshes();
    const started = now();
    await work();
    const elapsed = now() - started;
    return { ms: elapsed, refreshes: (await refreshes()) - before };
  };
  const one = () => measure(silent);
  const many = () => measure(() => Promise.all(Array.from({ length: opts.concurrency }, silent)));

  await one(); // warm-up: MSAL's authority metadata, JIT, the TLS session to the token endpoint
  await many();
  // Paired: the single call (baseline) and the batch (candidate) of a round run back to back.
  const p = await paired(opts.rounds, many, one, (r) => r.ms);
  const singles = p.baseline;
  const counts = p.candidate.map((r) => r.refreshes);
  const { line, ratio, spread } = pairedLine('tokens', p, (r) => r.ms);
  const lines = [
    `tokens: ${opts.concurrency} concurrent silent calls with a token due for renewal → refresh_token requests per round: ${counts.join(', ')} (target: exactly 1)`,
    `${line} — ${opts.concurrency} concurrent calls vs 1 silent call, median of ${opts.rounds} paired rounds (${spread})`,
  ];
  let failed: string | undefined;
  const bad = counts.find((n) => n !== 1);
  if (bad !== undefined) {
    failed = `tokens: ${opts.concurrency} concurrent silent calls caused ${bad} refresh_token requests (expected exactly 1)`;
  }
  // If one silent call did not refresh, the token was not due and the baseline measures a cache hit.
  if (singles.some((r) => r.refreshes !== 1)) {
    lines.push(
      `tokens WARNING: a single silent call made ${singles.map((r) => r.refreshes).join('/')} refresh requests (expected 1): the token was not due for renewal`,
    );
  }
  return { name: 'tokens', ratio, lines, ...(failed ? { failed } : {}) };
}
