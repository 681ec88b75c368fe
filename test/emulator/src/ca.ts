// A throw-away certificate authority, made fresh at every start, so the emulator can speak HTTPS like the
// real services do and clients only need one extra trusted CA. RSA keys come from Node's native
// generator (node-forge's pure-JS one takes seconds); node-forge builds and signs the certificates.
import { createHash, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

export interface IssuedCerts {
  ca: KeyAndCert;
  server: KeyAndCert;
}

export interface RsaKey {
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

export async function newRsaKey(): Promise<RsaKey> {
  const { privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

type ForgeWithTbs = typeof forge.pki & { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

/** Signs like `cert.sign(key, sha256)` but with Node's native RSA (forge's takes ~0.3 s a signature). */
function signCert(cert: forge.pki.Certificate, keyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  const tbs = (forge.pki as ForgeWithTbs).getTBSCertificate(cert);
  (cert as unknown as { tbsCertificate: forge.asn1.Asn1 }).tbsCertificate = tbs;
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = sign('sha256', der, keyPem).toString('binary');
}

function baseCert(publicKey: forge.pki.PublicKey, commonName: string, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial in minimal DER: the first byte's top bit clear (not negative) and its next bit
  // set, so no leading zero byte is ever needed (OpenSSL refused some padded ones: "illegal padding").
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  cert.serialNumber = serial.toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + days * 24 * 60 * 60 * 1000);
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Dynamics 365 Connections emulator' },
  ]);
  return cert;
}

/** Creates the CA and a server certificate valid for the loopback names plus `extraHosts`. */
export async function issueCertificates(extraHosts: string[] = []): Promise<IssuedCerts> {
  const [caKey, serverKey] = await Promise.all([newRsaKey(), newRsaKey()]);
  return issueWithKeys(caKey, serverKey, extraHosts);
}

/** The certificates for keys made already: what varies from run to run is the serials and dates. */
export function issueWithKeys(caKey: RsaKey, serverKey: RsaKey, extraHosts: string[] = []): IssuedCerts {
  const caCert = baseCert(caKey.publicKey, 'Dynamics 365 Connections emulator CA', 30);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCert(caCert, caKey.keyPem);

  const hosts = [...new Set(['localhost', '127.0.0.1', '127.0.0.2', '::1', ...extraHosts])];
  const altNames = hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  const serverCert = baseCert(serverKey.publicKey, 'localhost', 30);
  serverCert.setIssuer(caCert.subject.attributes);
  serverCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  signCert(serverCert, caKey.keyPem);

  return {
    ca: { keyPem: caKey.keyPem, certPem: forge.pki.certificateToPem(caCert) },
    server: { keyPem: serverKey.keyPem, certPem: forge.pki.certificateToPem(serverCert) },
  };
}

/** A self-signed certificate, as an app registration's certificate credential or a token-signing key. */
export async function selfSignedCertificate(commonName: string, days = 365): Promise<KeyAndCert> {
  const key = await newRsaKey();
  const cert = baseCert(key.publicKey, commonName, days);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, critical: true },
  ]);
  signCert(cert, key.keyPem);
  return { keyPem: key.keyPem, certPem: forge.pki.certificateToPem(cert) };
}

/** DER bytes of the first certificate in a PEM text. */
export function certDer(certPem: string): Buffer {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(certPem);
  if (!match) throw new Error('No certificate found in the PEM text.');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** SHA-1 and SHA-256 thumbprints of a certificate, as hex and as base64url (`x5t` / `x5t#S256`). */
export function thumbprints(certPem: string): { sha1Hex: string; sha256Hex: string; x5t: string; x5tS256: string } {
  const der = certDer(certPem);
  const sha1 = createHash('sha1').update(der).digest();
  const sha256 = createHash('sha256').update(der).digest();
  return {
    sha1Hex: sha1.toString('hex').toUpperCase(),
    sha256Hex: sha256.toString('hex').toUpperCase(),
    x5t: sha1.toString('base64url'),
    x5tS256: sha256.toString('base64url'),
  };
}
