// Redaction of secrets from anything that may be logged or shown. Applied by the logger to every
// message, and to every message a notification shows (see userMessage in ../userError).
//
// Three layers, each for what the one before cannot see: values named by a secret-looking key in
// any notation (query, form, JSON, JS objects, headers, URL-encoded); values with a recognizable
// shape (JWTs, Entra/MSA refresh tokens and codes, Entra client secrets, long random strings);
// and values the extension knows to be secret (SecretRegistry) whatever their shape.

const MASK = '[REDACTED]';
const NOT_MASKED = '(?!\\[REDACTED\\])';

// A key is secret when it ends in one of these words, spelled any way: refresh_token, refreshToken,
// Refresh-Token, x-ms-client-secret, PASSWORD.
const SEP = '[_-]?';
const SECRET_SUFFIXES = [
  'token',
  'secret',
  'passw(?:or)?d',
  'pwd',
  'passphrase',
  'verifier',
  'assertion',
  'credentials?',
  `api${SEP}key`,
  `private${SEP}key`,
  `account${SEP}key`,
  `access${SEP}key`,
  `subscription${SEP}key`,
  'authorization',
  'cookie',
];
// Secret only as the whole key: `code` is, `error_code` and `statusCode` are not.
const SECRET_WORDS = [`(?:device${SEP}|auth(?:orization)?${SEP})?code`, 'sig'];
const KEY = `(?:[A-Za-z0-9_-]*(?:${SECRET_SUFFIXES.join('|')})|${SECRET_WORDS.join('|')})`;
// A key starts a word, or follows a percent-escape (`%26code%3D…` in an encoded query).
const KEY_START = '(?:(?<![A-Za-z0-9_-])|(?<=%(?:25)?[0-9A-Fa-f]{2}))';
// A quoted value: "…" or '…' with backslash escapes, `…`, or \"…\" (a JSON string inside another
// JSON string), whose own escapes arrive doubled (\\\" for a quote, \\\\ for a backslash).
const QUOTED =
  String.raw`(?:\\"(?:[^\\]|\\\\\\\\|\\\\\\"|\\\\[^\\"])*\\"|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + '`[^`]*`)';
// An unquoted value runs to a space or a separator (& # , ;); URL values keep ' ( ) as they are, so
// those are part of it, and only a closer the value does not open is given back (see unclosed).
const BARE = '[^\\s&#"`<>,;]+';
const SCALAR = '[^\\s&#"\'`<>,;)\\]}{\\[]+';

// key=value in queries, forms, logs and `set` lines.
const KEY_EQUALS = new RegExp(`${KEY_START}(${KEY})(\\s*=\\s*)${NOT_MASKED}(${QUOTED}|${BARE})`, 'gi');
// "key": value in JSON (also escaped inside another JSON string) and 'key': value in JS objects.
const QUOTED_KEY_COLON = new RegExp(`(\\\\?["'\`])(${KEY})\\1(\\s*:\\s*)${NOT_MASKED}(${QUOTED}|${SCALAR})`, 'gi');
// key: value in YAML and util.inspect output; which of these are masked is decided below.
const BARE_KEY_COLON = new RegExp(
  `${KEY_START}(${KEY})([ \\t]*:[ \\t]*)${NOT_MASKED}(?![ \\t])(${QUOTED}|${BARE})`,
  'gi',
);
// A header line: its whole value, to the end of the line (or of the quoted string it sits in).
const HEADER = new RegExp(
  `(?:(["'\`])|${KEY_START})([A-Za-z0-9_-]*(?:authorization|cookie))([ \\t]*:[ \\t]*)${NOT_MASKED}(?![ \\t])([^\\r\\n]+)`,
  'gi',
);
// key%3Dvalue and "key":"value" URL-encoded once, or twice (%253D). A value's own escapes are one
// level deeper than its separator's, so only a same-level %26 (query) or %22 (JSON) ends it;
// encodeURIComponent leaves ' ( ) ! * as they are, so those do not.
function encodedQueryPair(p: string): RegExp {
  return new RegExp(`${KEY_START}(${KEY})(${p}3D)${NOT_MASKED}((?:(?!${p}2[26])[^\\s&#"<>])+)`, 'gi');
}
function encodedJsonPair(p: string): RegExp {
  const value = `(?:${p}5C${p}5C|${p}5C${p}22|(?!${p}22)[^\\s"<>])+`;
  return new RegExp(`${KEY_START}(${KEY})(${p}22${p}3A(?:${p}20|\\+)*${p}22)${NOT_MASKED}(${value})`, 'gi');
}
const KEY_ENCODED = [encodedQueryPair('%'), encodedQueryPair('%25'), encodedJsonPair('%'), encodedJsonPair('%25')];

// Authorization schemes and their credentials, also URL-encoded (%20) or form-encoded (+).
const SCHEME_NAMES = 'Bearer|Basic|Negotiate|NTLM|Digest|PoP|Kerberos';
// The credential runs to the next space or delimiter: token68, but Microsoft account tokens add !*$.
const SCHEME = new RegExp(`\\b(${SCHEME_NAMES})(\\s+|%20|\\+)([^\\s"'\`<>,;()[\\]{}=]+)(=*)`, 'gi');
// user:password@ in URLs, with or without a scheme, and URL-encoded.
const URL_USERINFO = /((?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#]*)@/gi;
// Without a scheme the password runs to the last @ before a host, as URL parsers read it.
const BARE_USERINFO = /((?<![A-Za-z0-9._~%!$*+-])[A-Za-z0-9._~%!$*+-]+:)([^\s/"':]+)@(?=[A-Za-z0-9[])/g;
const ENCODED_USERINFO = /(%3A%2F%2F[^\s%/?#@&]*%3A)((?:(?!%40)[^\s/?#&])*)%40/gi;

// Shapes: a JWT or JWE (base64url JSON header, eyJ…), Entra v2 refresh tokens and codes (0.A…),
// ADAL v1 ones (AQAB…), Microsoft account ones (M.R3_BAY.…, M.C507_BL2.…), Entra client secrets
// (three characters, a digit, Q~, then 31–34 more).
// Their tails may carry !*$ and, pasted through a URL, %-escapes.
const TAIL = '(?:[A-Za-z0-9_.*~!$-]|%[0-9A-Fa-f]{2})*';
const SHAPES = [
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){1,3}/g,
  new RegExp(`[0-9]\\.A[A-Za-z0-9_-]{40,}${TAIL}`, 'g'),
  new RegExp(`AQAB[A-Za-z0-9_-]{40,}${TAIL}`, 'g'),
  new RegExp(`M\\.[A-Z][0-9]+_[A-Z0-9]+\\.(?:[A-Za-z0-9!*$._~-]|%[0-9A-Fa-f]{2}){16,}`, 'g'),
  /[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{20,}/g,
];
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
// A long unbroken run of base64url characters mixing letters with digits or both cases is random
// (a PKCE verifier, an opaque token), not a word; hex-and-hyphen runs (ids, thumbprints) stay.
const LONG_RUN = /(?<![A-Za-z0-9_~-])[A-Za-z0-9_~-]{40,}(?![A-Za-z0-9_~-])/g;

function maskValue(value: string): string {
  const quote = /^(\\"|["'`])/.exec(value)?.[1];
  return quote ? `${quote}${MASK}${quote}` : `${MASK}${unclosed(value)}`;
}

const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', "'": "'" };

/** The tail of a bare value that closes what the text around it opened: `(code=abc)` keeps its `)`. */
function unclosed(value: string): string {
  let end = value.length;
  for (;;) {
    const last = value[end - 1] ?? '';
    const body = value.slice(0, end - 1);
    const opener = CLOSERS[last];
    const count = (c: string): number => body.split(c).length - 1;
    const unmatched = opener === "'" ? count("'") % 2 === 0 : opener !== undefined && count(opener) <= count(last);
    if (end <= 1 || !unmatched) return value.slice(end);
    end--;
  }
}

/** A `code` that is an error code (0x80040217, 500) is kept: authorization codes are long. */
function maskKeyed(key: string, value: string): string {
  const inner = value.replace(/^(\\"|["'`])|(\\"|["'`])$/g, '');
  return /^code$/i.test(key) && /^(0x[0-9a-f]{1,8}|\d{1,6})$/i.test(inner) ? value : maskValue(value);
}

function isCompoundKey(key: string): boolean {
  return /[_-]/.test(key) || /[a-z][A-Z]/.test(key);
}

/** key: value — a quoted value; a bare value only after a machine-like key (client_secret:), not after a prose word ("token: expired"). Headers are left to maskHeader. */
function maskBareColon(match: string, key: string, sep: string, value: string): string {
  if (/(authorization|cookie)$/i.test(key)) return match;
  if (/^(\\"|["'`])/.test(value)) return `${key}${sep}${maskValue(value)}`;
  return isCompoundKey(key) ? `${key}${sep}${maskValue(value)}` : match;
}

/** Keeps the scheme: "Authorization: Bearer [REDACTED]" still says what was sent. */
function maskHeader(_match: string, quote: string | undefined, key: string, sep: string, line: string): string {
  const end = quote ? line.indexOf(quote) : -1;
  const value = end >= 0 ? line.slice(0, end) : line;
  const scheme = new RegExp(`^(${SCHEME_NAMES})(\\s+|$)`, 'i').exec(value)?.[0];
  return `${quote ?? ''}${key}${sep}${scheme ?? ''}${MASK}${end >= 0 ? line.slice(end) : ''}`;
}

/** Scheme credentials, except auth-params (`Bearer realm="x"`) and prose ("basic setup"). */
function maskScheme(
  match: string,
  scheme: string,
  sep: string,
  credential: string,
  padding: string,
  offset: number,
  text: string,
): string {
  const next = text[offset + match.length] ?? '';
  const isParam = padding === '=' && /^[A-Za-z_-]+$/.test(credential) && /["'A-Za-z0-9]/.test(next);
  const isWord = padding === '' && /^[a-z]+$/.test(credential);
  return isParam || isWord ? match : `${scheme}${sep}${MASK}`;
}

function maskLongRun(run: string): string {
  if (/^[0-9a-f-]+$/i.test(run)) return run;
  const mixed = (/[0-9]/.test(run) && /[A-Za-z]/.test(run)) || (/[a-z]/.test(run) && /[A-Z]/.test(run));
  return mixed ? MASK : run;
}

/** Returns the text with every recognizable secret replaced by a mask. Idempotent. */
export function redact(text: string): string {
  let out = text
    .replace(PEM_KEY, `-----PRIVATE KEY ${MASK}-----`)
    .replace(SCHEME, maskScheme)
    .replace(
      QUOTED_KEY_COLON,
      (_m, q: string, key: string, sep: string, value: string) => `${q}${key}${q}${sep}${maskKeyed(key, value)}`,
    )
    .replace(KEY_EQUALS, (_m, key: string, sep: string, value: string) => `${key}${sep}${maskKeyed(key, value)}`);
  for (const pair of KEY_ENCODED) out = out.replace(pair, (_m, key: string, sep: string) => `${key}${sep}${MASK}`);
  out = out
    .replace(BARE_KEY_COLON, maskBareColon)
    .replace(HEADER, maskHeader)
    .replace(URL_USERINFO, (m, head: string, pass: string) => (pass === MASK ? m : `${head}${MASK}@`))
    .replace(ENCODED_USERINFO, (m, head: string, pass: string) => (pass === MASK ? m : `${head}${MASK}%40`))
    .replace(BARE_USERINFO, (m, head: string, pass: string) => (pass === MASK ? m : `${head}${MASK}@`));
  for (const shape of SHAPES) out = out.replace(shape, MASK);
  return out.replace(LONG_RUN, maskLongRun);
}

/**
 * Removes specific known secret values (a client secret the user typed, an imported refresh token)
 * in addition to the pattern-based redaction, for values that have no recognizable shape. Each is
 * also masked as it looks URL-encoded, form-encoded and inside a JSON string.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  /** Every form of every value, longest first, so one that contains another is masked whole. */
  private forms: string[] = [];

  add(value: string | undefined): void {
    // Very short values would mask ordinary words; secrets are never that short.
    if (!value || value.length < 8 || this.values.has(value)) return;
    this.values.add(value);
    this.rebuild();
  }

  delete(value: string | undefined): void {
    if (value && this.values.delete(value)) this.rebuild();
  }

  scrub(text: string): string {
    let out = text;
    for (const form of this.forms) out = out.split(form).join(MASK);
    return redact(out);
  }

  private rebuild(): void {
    const forms = new Set<string>();
    for (const v of this.values) {
      forms
        .add(v)
        .add(encodeURIComponent(v))
        .add(new URLSearchParams({ v }).toString().slice(2))
        .add(JSON.stringify(v).slice(1, -1));
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }
}

/**
 * The extension host's one list of known secrets. A secret learned in one place (a client secret
 * read for sign-in, an imported refresh token) must be masked in every other: the log and every
 * message shown to the user share this list.
 */
export const knownSecrets = new SecretRegistry();
