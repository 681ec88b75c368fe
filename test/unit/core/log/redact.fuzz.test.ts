// Fuzzes the redactor: generated secrets (JWTs, refresh tokens, codes, client secrets, PKCE
// verifiers, passwords) in random surroundings. No 8-character piece of a secret may survive.
// Seeded: a failure prints the seed and case number; REDACT_FUZZ_SEED=<seed> replays the run.
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { SecretRegistry, redact } from '../../../../src/core/log/redact';

const CASES = 12_000;
const WINDOW = 8;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}-_`;
const ENTRA_SECRET_CHARS = `${ALNUM}_~.-`;
const PASSWORD_CHARS = `${ALNUM}!@#$%^&*()-_=+[]{};:'",.<>/?\\|~\` `;
// Passwords written raw into text must end somewhere a reader can tell.
const RAW_PASSWORD_CHARS = `${ALNUM}!@$%^*-_+~.`;

type Kind =
  | 'jwt'
  | 'entraRefresh'
  | 'adalRefresh'
  | 'msaRefresh'
  | 'msaCode'
  | 'entraCode'
  | 'clientSecret'
  | 'verifier'
  | 'password'
  | 'rawPassword';
const SHAPED: Kind[] = [
  'jwt',
  'entraRefresh',
  'adalRefresh',
  'msaRefresh',
  'msaCode',
  'entraCode',
  'clientSecret',
  'verifier',
];

function b64url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

function secretOf(g: Gen, kind: Kind): string {
  switch (kind) {
    case 'jwt': {
      const header = b64url({ typ: 'JWT', alg: g.pick(['RS256', 'PS256']), kid: g.chars(ALNUM, 20) });
      const payload = b64url({
        aud: `https://${g.chars('abcdef', 6)}.crm.dynamics.com`,
        oid: g.chars('0123456789abcdef', 32),
        exp: g.int(1e9, 2e9),
        n: g.chars(ALNUM, g.int(0, 200)),
      });
      return `${header}.${payload}.${g.chars(B64URL, g.int(43, 342))}`;
    }
    case 'entraRefresh':
      return `${g.pick(['0', '1'])}.A${g.chars(B64URL, g.int(60, 400))}${g.chance(0.5) ? `.${g.chars(B64URL, g.int(20, 400))}` : ''}${g.chance(0.2) ? '*' + g.chars(B64URL, 10) : ''}`;
    case 'adalRefresh':
      return `AQABAAAAAAD${g.chars(B64URL, g.int(100, 600))}`;
    case 'msaRefresh':
      return `M.R3_${g.pick(['BAY', 'BL2', 'SN1'])}.${g.chars(`${B64URL}!*$`, g.int(80, 400))}`;
    case 'msaCode':
      return `M.C5${g.int(10, 99)}_${g.pick(['BAY', 'BL2', 'SN1'])}.2.U.${g.chars('0123456789abcdef', 8)}-${g.chars('0123456789abcdef', 4)}-${g.chars('0123456789abcdef', 4)}-${g.chars('0123456789abcdef', 4)}-${g.chars('0123456789abcdef', 12)}`;
    case 'entraCode':
      return `${g.pick(['0', '1'])}.A${g.chars(B64URL, g.int(200, 900))}`;
    case 'clientSecret':
      return `${g.chars(ENTRA_SECRET_CHARS, 3)}${g.int(0, 9)}Q~${g.chars(ENTRA_SECRET_CHARS, 34)}`;
    case 'verifier':
      return g.chars(B64URL, g.int(43, 128));
    case 'password':
      return g.chars(PASSWORD_CHARS, g.int(8, 32));
    case 'rawPassword':
      return g.chars(RAW_PASSWORD_CHARS, g.int(8, 32));
  }
}

const KEYS = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'client_assertion',
  'code',
  'code_verifier',
  'password',
  'device_code',
  'token',
  'secret',
  'pwd',
  'passphrase',
  'certificatePassword',
  'privateKey',
  'x-ms-refresh-token',
  'apiKey',
];

function keyIn(g: Gen): string {
  const key = g.pick(KEYS);
  switch (g.int(0, 3)) {
    case 0:
      return key.toUpperCase();
    case 1:
      return key.replace(/[_-](\w)/g, (_m, c: string) => c.toUpperCase());
    case 2:
      return key.charAt(0).toUpperCase() + key.slice(1);
    default:
      return key;
  }
}

const compound = (key: string): string =>
  /[_-]|[a-z][A-Z]/.test(key) ? key : /^code$/i.test(key) ? `device_${key}` : `client_${key}`;

interface Placed {
  text: string;
  placed: string[];
}

/** Surroundings that name the value by a key: fine for any secret, shaped or not. */
function keyed(g: Gen, s: string, raw: boolean): Placed {
  const k = keyIn(g);
  const enc = encodeURIComponent(s);
  const options: (() => Placed)[] = [
    () => ({ text: `https://host.example/cb?${k}=${enc}&state=${g.chars(ALNUM, 8)}`, placed: [enc] }),
    () => {
      const t = new URLSearchParams({ grant_type: 'refresh_token', [k]: s, scope: 'x y' }).toString();
      return { text: t, placed: [t.split('&')[1]!.split('=')[1]!] };
    },
    () => ({
      text: JSON.stringify({ [k]: s, expires_in: 3599 }, null, g.pick([0, 2])),
      placed: [JSON.stringify(s).slice(1, -1)],
    }),
    () => {
      const inner = JSON.stringify({ [k]: s });
      const t = JSON.stringify({ body: inner });
      return { text: t, placed: [JSON.stringify(JSON.stringify(s).slice(1, -1)).slice(1, -1)] };
    },
    () => ({ text: inspect({ [k]: s, n: 1 }), placed: [s.replace(/['\\]/g, '')] }),
    () => {
      const inner = `https://x.example/cb?${k}=${enc}&state=1`;
      return { text: `redirect_uri=${encodeURIComponent(inner)}`, placed: [encodeURIComponent(enc)] };
    },
    () => {
      const inner = encodeURIComponent(`?${k}=${enc}&s=1`);
      return { text: `u=${encodeURIComponent(inner)}`, placed: [encodeURIComponent(encodeURIComponent(enc))] };
    },
    () => ({
      text: encodeURIComponent(JSON.stringify({ [k]: s })),
      placed: [encodeURIComponent(JSON.stringify(s).slice(1, -1))],
    }),
    () => ({
      text: `Authorization: ${g.pick(['Bearer', 'bearer', 'Negotiate', 'NTLM', 'PoP'])} ${enc}`,
      placed: [enc],
    }),
    () => {
      const basic = Buffer.from(`me:${s}`).toString('base64');
      return { text: `Proxy-Authorization: Basic ${basic}`, placed: [basic] };
    },
    () => {
      const basic = Buffer.from(`me:${s}`).toString('base64');
      return { text: `{"headers":{"authorization":"Basic ${basic}"}}`, placed: [basic] };
    },
    () => ({ text: `http.proxy http://me:${enc}@proxy.local:3128/ failed`, placed: [enc] }),
    () => ({ text: `p=${encodeURIComponent(`http://me:${enc}@proxy:3128`)}`, placed: [encodeURIComponent(enc)] }),
  ];
  if (raw) {
    options.push(
      () => ({ text: `${compound(k)}: ${s}`, placed: [s] }),
      () => ({ text: `${k}=${s}`, placed: [s] }),
      () => ({
        text: `Error: token request failed (${k}=${s})\n    at TokenClient.acquire (/ext/dist/extension.js:1:2345)`,
        placed: [s],
      }),
      () => ({ text: `${k} = '${s}'`, placed: [s] }),
      () => ({ text: `me:${s}@proxy.local:3128`, placed: [s] }),
    );
  }
  return g.pick(options)();
}

const GLUE = [
  '',
  ' ',
  '"',
  "'",
  '`',
  '(',
  ')',
  '[',
  ']',
  '<',
  '>',
  ',',
  ';',
  ':',
  '=',
  '\n',
  '\t',
  '/',
  '|',
  '{',
  '}',
  '\\"',
  '&',
  '#',
  '.',
];

/** Surroundings with no key: only a recognizable shape can be caught. */
function bare(g: Gen, s: string): Placed {
  const options: (() => Placed)[] = [
    () => ({ text: `${g.pick(GLUE)}${s}${g.pick(GLUE)}`, placed: [s] }),
    () => ({ text: `${g.chars(ALNUM, g.int(1, 6))}${s}${g.chars(ALNUM, g.int(0, 6))}`, placed: [s] }),
    () => ({ text: JSON.stringify([s, 1]), placed: [s] }),
    () => ({ text: `TypeError: unexpected ${s}\n    at parse (/ext/dist/extension.js:2:10)`, placed: [s] }),
    () => ({ text: `https://host.example/cb/${s}/next`, placed: [s] }),
    () => ({ text: encodeURIComponent(s), placed: [encodeURIComponent(s)] }),
    () => ({ text: `Bearer ${s}`, placed: [s] }),
  ];
  return g.pick(options)();
}

const NOISE = [
  'The organization was not found.',
  'AADSTS700082: The refresh token has expired.',
  'GET https://org.crm.dynamics.com/api/data/v9.2/accounts?$top=5',
  '{"error":{"code":"0x80040217"}}',
  'trace 0f8e3c2a-1234-5678-9abc-def012345678',
  'at Object.<anonymous> (/x/y.js:10:3)',
  '',
  '\n',
  'ok',
];

function windowsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + WINDOW <= text.length; i++) out.add(text.slice(i, i + WINDOW));
  return out;
}

function survivor(output: string, secrets: string[]): string | undefined {
  const seen = windowsOf(output);
  for (const s of secrets) {
    for (let i = 0; i + WINDOW <= s.length; i++) if (seen.has(s.slice(i, i + WINDOW))) return s.slice(i, i + WINDOW);
  }
  return undefined;
}

function oneCase(g: Gen): { input: string; output: string; secrets: string[] } {
  const parts: string[] = [g.pick(NOISE)];
  const secrets: string[] = [];
  const registry = new SecretRegistry();
  const useRegistry = g.chance(0.2);
  for (let n = g.int(1, 3); n > 0; n--) {
    const kind: Kind = g.pick([...SHAPED, 'password', 'rawPassword']);
    const s = secretOf(g, kind);
    let placed: Placed;
    if (useRegistry && (kind === 'password' || kind === 'rawPassword')) {
      // No key and no shape: only the registry knows it.
      registry.add(s);
      placed = g.pick<() => Placed>([
        () => ({ text: ` ${s} `, placed: [s] }),
        () => ({ text: encodeURIComponent(s), placed: [encodeURIComponent(s)] }),
        () => ({ text: JSON.stringify({ note: `x ${s} y` }), placed: [JSON.stringify(s).slice(1, -1)] }),
        () => ({
          text: new URLSearchParams({ q: s }).toString(),
          placed: [new URLSearchParams({ q: s }).toString().slice(2)],
        }),
      ])();
    } else if (SHAPED.includes(kind) && g.chance(0.5)) {
      placed = bare(g, s);
    } else {
      placed = keyed(g, s, kind !== 'password');
    }
    parts.push(placed.text, g.pick(NOISE));
    secrets.push(s, ...placed.placed.filter((p) => p.length >= WINDOW));
  }
  // A key glued to the word before it is another key; shapes are glued in bare().
  const input = parts.join(g.pick([' ', '\n', ' | ', '\t', ', ', '; ']));
  return { input, output: useRegistry ? registry.scrub(input) : redact(input), secrets };
}

describe('redact fuzz', function () {
  this.timeout(120_000);
  const seed = Number(process.env.REDACT_FUZZ_SEED ?? 0x5eed8);

  it(`leaves no 8-character piece of ${CASES} generated secrets in random surroundings (seed ${seed})`, () => {
    const g = new Gen(mulberry32(seed));
    for (let i = 0; i < CASES; i++) {
      const { input, output, secrets } = oneCase(g);
      const left = survivor(output, secrets);
      if (left !== undefined) {
        assert.fail(`seed ${seed}, case ${i}: "${left}" survived.\ninput:  ${input}\noutput: ${output}`);
      }
    }
  });

  it('is idempotent on generated input', () => {
    const g = new Gen(mulberry32(seed + 1));
    for (let i = 0; i < 500; i++) {
      const once = redact(oneCase(g).input);
      assert.equal(redact(once), once, `seed ${seed + 1}, case ${i}`);
    }
  });
});
