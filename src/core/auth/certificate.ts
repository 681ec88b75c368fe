// A client certificate for the client-credentials flow: one PEM file with the certificate (and its
// chain) and the private key, optionally encrypted. MSAL wants the SHA-256 thumbprint, an unencrypted
// key and the chain for x5c (which enables subject-name/issuer authentication).
import * as l10n from '@vscode/l10n';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export interface ClientCertificate {
  thumbprintSha256: string;
  /** SHA-1, for tenants or tools that still register by the old thumbprint. */
  thumbprint: string;
  /** PKCS#8 PEM, unencrypted; held in memory only. */
  privateKey: string;
  /** The certificate chain as PEM, leaf first. */
  x5c: string;
  notAfter: Date;
  subject: string;
}

export class CertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateError';
  }
}

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** `source` names the file in messages. The password never appears in any message. */
export function parseClientCertificate(
  pem: string,
  password: string | undefined,
  source = l10n.t({
    message: 'the certificate file',
    comment: ['Used in place of a file name in the messages about a certificate'],
  }),
): ClientCertificate {
  const certs = pem.match(CERT) ?? [];
  if (certs.length === 0) {
    throw new CertificateError(
      l10n.t(
        '{0} holds no certificate ("-----BEGIN CERTIFICATE-----"). Use one PEM file with the certificate and its private key.',
        source,
      ),
    );
  }
  const keyPem = KEY.exec(pem)?.[0];
  if (!keyPem) {
    throw new CertificateError(
      l10n.t(
        '{0} holds no private key ("-----BEGIN PRIVATE KEY-----"). Use one PEM file with the certificate and its private key.',
        source,
      ),
    );
  }
  const key = readKey(keyPem, password, source);
  let leaf: X509Certificate | undefined;
  for (const c of certs) {
    const x = new X509Certificate(c);
    if (x.checkPrivateKey(key)) {
      leaf = x;
      break;
    }
  }
  if (!leaf) {
    throw new CertificateError(l10n.t('The private key in {0} does not belong to any certificate in it.', source));
  }
  const chain = [
    leaf.toString(),
    ...certs.filter((c) => new X509Certificate(c).fingerprint256 !== leaf.fingerprint256),
  ];
  return {
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, ''),
    thumbprint: leaf.fingerprint.replace(/:/g, ''),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: chain.join('\n'),
    notAfter: new Date(leaf.validTo),
    subject: leaf.subject,
  };
}

function readKey(keyPem: string, password: string | undefined, source: string): KeyObject {
  const encrypted = /ENCRYPTED/.test(keyPem) || /Proc-Type: 4,ENCRYPTED/.test(keyPem);
  if (encrypted && !password) {
    throw new CertificateError(l10n.t('The private key in {0} is encrypted: enter its password.', source));
  }
  try {
    return createPrivateKey(
      encrypted ? { key: keyPem, format: 'pem', passphrase: password ?? '' } : { key: keyPem, format: 'pem' },
    );
  } catch {
    throw new CertificateError(
      encrypted
        ? l10n.t('The password for the private key in {0} is wrong.', source)
        : l10n.t('The private key in {0} cannot be read.', source),
    );
  }
}
