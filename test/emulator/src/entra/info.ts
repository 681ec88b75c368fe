// The JSON the CLI prints first and GET /_emulator/info answers: everything a test or a person needs
// to point a client at the emulator. It holds the seeded test secrets on purpose: they are test data.
import type { AppConfig, Directory } from './directory';

export interface EmulatorInfo {
  authorityHost: string;
  tenantId: string;
  tenantDomain: string;
  orgUrl: string;
  caCertPath: string;
  publicClientId: string;
  consentClientId: string;
  confidentialClientId: string;
  confidentialClientSecret: string;
  expiredSecretClientId: string;
  expiredClientSecret: string;
  certificateClientId: string;
  certificatePemPath: string;
  certificateThumbprint: string;
  certificateThumbprintSha256: string;
  users: {
    username: string;
    password: string;
    displayName: string;
    mfa?: true;
    blockedByCa?: true;
    refreshTokenExpiry?: string;
  }[];
  controlUrl: string;
  orgControlUrl: string;
  discoveryUrl: string;
  redirectUris: string[];
  stateDir: string;
  authorityPort: number;
  orgPort: number;
}

export interface InfoInputs {
  authorityHost: string;
  orgUrl: string;
  caCertPath: string;
  certificatePemPath: string;
  stateDir: string;
  authorityPort: number;
  orgPort: number;
  directory: Directory;
  certThumbprints: { sha1Hex: string; sha256Hex: string };
  app: (clientId: string) => AppConfig | undefined;
  ids: {
    DEV_PUBLIC_CLIENT_ID: string;
    CONSENT_CLIENT_ID: string;
    CONFIDENTIAL_CLIENT_ID: string;
    EXPIRED_SECRET_CLIENT_ID: string;
    CERTIFICATE_CLIENT_ID: string;
  };
}

export function buildInfo(i: InfoInputs): EmulatorInfo {
  const secretOf = (id: string) => i.app(id)?.secrets?.[0]?.value ?? '';
  return {
    authorityHost: i.authorityHost,
    tenantId: i.directory.tenantId,
    tenantDomain: i.directory.tenantDomain,
    orgUrl: i.orgUrl,
    caCertPath: i.caCertPath,
    publicClientId: i.ids.DEV_PUBLIC_CLIENT_ID,
    consentClientId: i.ids.CONSENT_CLIENT_ID,
    confidentialClientId: i.ids.CONFIDENTIAL_CLIENT_ID,
    confidentialClientSecret: secretOf(i.ids.CONFIDENTIAL_CLIENT_ID),
    expiredSecretClientId: i.ids.EXPIRED_SECRET_CLIENT_ID,
    expiredClientSecret: secretOf(i.ids.EXPIRED_SECRET_CLIENT_ID),
    certificateClientId: i.ids.CERTIFICATE_CLIENT_ID,
    certificatePemPath: i.certificatePemPath,
    certificateThumbprint: i.certThumbprints.sha1Hex,
    certificateThumbprintSha256: i.certThumbprints.sha256Hex,
    users: i.directory.users.map((u) => ({
      username: u.username,
      password: u.password,
      displayName: u.displayName,
      ...(u.mfa ? { mfa: true as const } : {}),
      ...(u.blockedByCa ? { blockedByCa: true as const } : {}),
      ...(u.refreshTokenExpiry ? { refreshTokenExpiry: u.refreshTokenExpiry } : {}),
    })),
    controlUrl: `${i.authorityHost}/_emulator`,
    orgControlUrl: `${i.orgUrl}/_emulator`,
    discoveryUrl: `${i.authorityHost}/${i.directory.tenantId}/v2.0/.well-known/openid-configuration`,
    redirectUris: i.app(i.ids.DEV_PUBLIC_CLIENT_ID)?.redirectUris ?? [],
    stateDir: i.stateDir,
    authorityPort: i.authorityPort,
    orgPort: i.orgPort,
  };
}
