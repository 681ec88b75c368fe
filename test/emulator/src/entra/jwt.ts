// Compact JWS (RS256/PS256) signing and checking with Node's crypto: all the JWT the emulator needs.
import { constants, createPublicKey, sign, verify } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function signJwt(header: Record<string, unknown>, payload: object, privateKeyPem: string): string {
  const input = `${b64urlJson({ typ: 'JWT', alg: 'RS256', ...header })}.${b64urlJson(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKeyPem).toString('base64url')}`;
}

/** An unsigned JWT (`alg: none`), as the v1 endpoint returns its id_token. */
export function unsignedJwt(payload: object): string {
  return `${b64urlJson({ typ: 'JWT', alg: 'none' })}.${b64urlJson(payload)}.`;
}

/** Splits and parses a compact JWS; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks an RS256 or PS256 signature; any other `alg` fails. */
export function verifyJwtSignature(jwt: DecodedJwt, publicKey: string): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    if (jwt.header.alg === 'RS256') return verify('sha256', data, publicKey, jwt.signature);
    if (jwt.header.alg === 'PS256') {
      return verify(
        'sha256',
        data,
        {
          key: publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO,
        },
        jwt.signature,
      );
    }
  } catch {
    return false;
  }
  return false;
}

/** The JWK (n, e) of a PEM public key or certificate. */
export function rsaJwk(pem: string): { n: string; e: string } {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  return { n: String(jwk.n), e: String(jwk.e) };
}
