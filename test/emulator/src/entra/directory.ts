// The emulated tenant: its users and app registrations, seeded so that every AADSTS case the emulator
// knows is reachable without extra configuration, and overridable from the --config file.
import { createHash, randomBytes } from 'node:crypto';

export const DEV_PUBLIC_CLIENT_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';
export const CONSENT_CLIENT_ID = '6f1c2a3b-5d4e-4f60-8a71-92b3c4d5e6f7';
export const CONFIDENTIAL_CLIENT_ID = '0e8b2f4a-1c3d-4e5f-9a6b-7c8d9e0f1a2b';
export const EXPIRED_SECRET_CLIENT_ID = '3d9c7b5a-2e4f-4a6b-8c0d-1e2f3a4b5c6d';
export const CERTIFICATE_CLIENT_ID = '9a8b7c6d-5e4f-4321-8fed-cba987654321';
export const DEFAULT_TENANT_ID = '4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f';
export const DEFAULT_TENANT_DOMAIN = 'sandbox.onmicrosoft.com';
export const DEFAULT_PASSWORD = 'Passw0rd!';
/** `<publisher>.<name>` of the extension, the authority of its URI-handler callbacks. */
const EXTENSION_ID = 'dataverse-devtools.dynamics365-connections';

export interface UserConfig {
  username: string;
  password: string;
  displayName?: string;
  objectId?: string;
  /** Interactive sign-in asks for a (fake) second factor; the refresh_token grant answers AADSTS50076. */
  mfa?: boolean;
  /** Sign-in and every grant are blocked by Conditional Access (AADSTS53003). */
  blockedByCa?: boolean;
  /** The user's refresh tokens are dead: 'inactivity' → AADSTS700082, 'signInFrequency' → AADSTS70043. */
  refreshTokenExpiry?: 'inactivity' | 'signInFrequency';
}

export interface SecretConfig {
  value: string;
  /** ISO date; a secret past it answers AADSTS7000222. */
  expiresAt?: string;
}

export interface AppConfig {
  clientId: string;
  displayName: string;
  kind: 'public' | 'confidential';
  redirectUris?: string[];
  /** Users must consent on the consent page before a code is issued (AADSTS65001 otherwise). */
  requiresConsent?: boolean;
  secrets?: SecretConfig[];
  /** PEM of a certificate credential (public part); its key signs client assertions. */
  certificatePem?: string;
}

export interface User extends Required<Omit<UserConfig, 'refreshTokenExpiry'>> {
  refreshTokenExpiry?: 'inactivity' | 'signInFrequency';
}

export interface Directory {
  tenantId: string;
  tenantDomain: string;
  displayName: string;
  users: User[];
  apps: AppConfig[];
}

/** A stable GUID from a name, so a user's object id is the same on every run. */
export function nameGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function newSecret(): string {
  // Entra secrets are 40 characters from this alphabet, with a `~` near the start.
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._';
  const bytes = randomBytes(40);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  chars[3] = '~';
  return chars.join('');
}

function seedUsers(domain: string): UserConfig[] {
  return [
    { username: `alice@${domain}`, password: DEFAULT_PASSWORD, displayName: 'Alice Example' },
    { username: `bob@${domain}`, password: DEFAULT_PASSWORD, displayName: 'Bob Example' },
    { username: `mfa.user@${domain}`, password: DEFAULT_PASSWORD, displayName: 'Mfa User', mfa: true },
    { username: `blocked.user@${domain}`, password: DEFAULT_PASSWORD, displayName: 'Blocked User', blockedByCa: true },
    {
      username: `stale.user@${domain}`,
      password: DEFAULT_PASSWORD,
      displayName: 'Stale User',
      refreshTokenExpiry: 'inactivity',
    },
    {
      username: `frequent.user@${domain}`,
      password: DEFAULT_PASSWORD,
      displayName: 'Frequent User',
      refreshTokenExpiry: 'signInFrequency',
    },
  ];
}

export interface SeedInputs {
  redirectUris: string[];
  certificatePem: string;
}

function seedApps(inputs: SeedInputs): AppConfig[] {
  const loopback = ['http://localhost', ...inputs.redirectUris];
  return [
    {
      clientId: DEV_PUBLIC_CLIENT_ID,
      displayName: 'Dataverse development tools',
      kind: 'public',
      redirectUris: [...loopback, 'app://58145B91-0C36-4500-8554-080854F2AC97'],
    },
    {
      // Stands for a user's own app registration, so it also carries the extension's URI-handler callbacks.
      clientId: CONSENT_CLIENT_ID,
      displayName: 'Sandbox public app (needs consent)',
      kind: 'public',
      requiresConsent: true,
      redirectUris: [
        ...loopback,
        ...['vscode', 'vscode-insiders', 'code-oss'].map((s) => `${s}://${EXTENSION_ID}/auth-callback`),
      ],
    },
    {
      clientId: CONFIDENTIAL_CLIENT_ID,
      displayName: 'Sandbox service principal',
      kind: 'confidential',
      redirectUris: loopback,
      secrets: [{ value: newSecret() }],
    },
    {
      clientId: EXPIRED_SECRET_CLIENT_ID,
      displayName: 'Sandbox app with an expired secret',
      kind: 'confidential',
      redirectUris: loopback,
      secrets: [{ value: newSecret(), expiresAt: '2024-01-01T00:00:00Z' }],
    },
    {
      clientId: CERTIFICATE_CLIENT_ID,
      displayName: 'Sandbox certificate app',
      kind: 'confidential',
      redirectUris: loopback,
      certificatePem: inputs.certificatePem,
    },
  ];
}

export interface DirectoryOverrides {
  tenantId?: string;
  tenantDomain?: string;
  /** Added, or merged by username (case-insensitive) into the seeded users. */
  users?: Partial<UserConfig>[];
  /** Added, or merged by clientId into the seeded apps. */
  apps?: Partial<AppConfig>[];
}

export function buildDirectory(seed: SeedInputs, overrides: DirectoryOverrides = {}): Directory {
  const tenantDomain = overrides.tenantDomain ?? DEFAULT_TENANT_DOMAIN;
  const userConfigs = seedUsers(tenantDomain);
  for (const u of overrides.users ?? []) {
    if (!u.username) throw new Error('Each user in the config needs a "username".');
    const existing = userConfigs.find((x) => x.username.toLowerCase() === u.username!.toLowerCase());
    if (existing) Object.assign(existing, u);
    else userConfigs.push({ password: DEFAULT_PASSWORD, ...u, username: u.username });
  }
  const apps = seedApps(seed);
  for (const a of overrides.apps ?? []) {
    if (!a.clientId) throw new Error('Each app in the config needs a "clientId".');
    const existing = apps.find((x) => x.clientId.toLowerCase() === a.clientId!.toLowerCase());
    if (existing) Object.assign(existing, a);
    else apps.push({ displayName: a.clientId, kind: 'public', ...a, clientId: a.clientId });
  }
  const users: User[] = userConfigs.map((u) => ({
    username: u.username,
    password: u.password,
    displayName: u.displayName ?? u.username.split('@')[0],
    objectId: u.objectId ?? nameGuid(`user:${u.username.toLowerCase()}`),
    mfa: u.mfa ?? false,
    blockedByCa: u.blockedByCa ?? false,
    refreshTokenExpiry: u.refreshTokenExpiry,
  }));
  return { tenantId: overrides.tenantId ?? DEFAULT_TENANT_ID, tenantDomain, displayName: 'Sandbox', users, apps };
}

export function findUser(dir: Directory, username: string): User | undefined {
  const wanted = username.trim().toLowerCase();
  return dir.users.find((u) => u.username.toLowerCase() === wanted);
}

export function findApp(dir: Directory, clientId: string): AppConfig | undefined {
  const wanted = clientId.trim().toLowerCase();
  return dir.apps.find((a) => a.clientId.toLowerCase() === wanted);
}

/** Tenant path segments this tenant answers to: its id, its domain, and the multi-tenant aliases. */
export function isKnownTenant(dir: Directory, tenant: string): boolean {
  const t = tenant.toLowerCase();
  return t === dir.tenantId || t === dir.tenantDomain.toLowerCase() || t === 'organizations' || t === 'common';
}
