// Redaction of secrets from anything that may be logged or shown. Applied by the logger to every
// message, and by error formatting before a message reaches the user.

const SECRET_KEYS = [
  'access_token', 'refresh_token', 'id_token', 'client_secret', 'client_assertion', 'code',
  'code_verifier', 'password', 'device_code', 'assertion', 'accessToken', 'refreshToken', 'idToken',
  'clientSecret', 'codeVerifier', 'secret', 'passphrase', 'certificatePassword', 'privateKey',
];

const MASK = '[REDACTED]';

// key=value in query strings and form bodies, and "key":"value" in JSON.
const keyAlternation = SECRET_KEYS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const QUERY_PAIR = new RegExp(`([?&#\\s]|^)(${keyAlternation})=([^&#\\s"']+)`, 'g');
const JSON_PAIR = new RegExp(`("(?:${keyAlternation})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/=]+/gi;
// Three base64url segments starting with '{"' encoded (eyJ): a JWT wherever it appears.
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
// Refresh tokens issued by Entra are opaque and long; "0.A" / "1.A" prefixed blobs are a tell.
const ENTRA_RT = /\b[01]\.A[A-Za-z0-9_-]{40,}[A-Za-z0-9_.*-]*/g;

/** Returns the text with every recognizable secret replaced by a mask. Idempotent. */
export function redact(text: string): string {
  return text
    .replace(PEM_KEY, '-----PRIVATE KEY ' + MASK + '-----')
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${MASK}`)
    .replace(JWT, MASK)
    .replace(ENTRA_RT, MASK)
    .replace(QUERY_PAIR, (_m, lead: string, key: string) => `${lead}${key}=${MASK}`)
    .replace(JSON_PAIR, (_m, head: string) => `${head}"${MASK}"`);
}

/**
 * Removes specific known secret values (e.g. a client secret the user typed) in addition to the
 * pattern-based redaction, for values that have no recognizable shape.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    // Very short values would mask ordinary words; secrets are never that short.
    if (value && value.length >= 8) this.values.add(value);
  }

  delete(value: string | undefined): void {
    if (value) this.values.delete(value);
  }

  scrub(text: string): string {
    let out = redact(text);
    for (const v of this.values) out = out.split(v).join(MASK);
    return out;
  }
}
