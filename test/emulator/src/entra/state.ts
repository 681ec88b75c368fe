// Everything the authority host remembers between requests: codes, refresh tokens, device codes,
// browser sessions, consents and half-finished sign-ins. All in memory; a restart forgets it all.
import { randomBytes } from 'node:crypto';
import type { EmulatorStats, FaultState } from '../contract';
import type { AppConfig, Directory, User } from './directory';
import type { AadError } from './errors';
import type { RedirectTarget } from './respond';
import type { ResolvedScopes } from './scopes';

export interface SigningKey {
  kid: string;
  keyPem: string;
  certPem: string;
}

export interface EntraSettings {
  authorityHost: string;
  orgUrl: string;
  tokenLifetimeSeconds: number;
  deviceCodeIntervalSeconds: number;
  deviceCodeLifetimeSeconds: number;
  /** A refresh token unused for longer than this is dead (AADSTS700082). */
  refreshTokenInactivitySeconds: number;
  /** Access tokens for Dataverse are v1-shaped, as Dataverse's app registration asks (accessTokenAcceptedVersion null). */
  accessTokenVersion: 1 | 2;
}

/** What a user granted, carried from sign-in through codes and refresh tokens. */
export interface GrantContext {
  user: User;
  app: AppConfig;
  scopes: ResolvedScopes;
  v1: boolean;
  /** Seconds since epoch of the interactive sign-in the grant came from. */
  authTime: number;
  mfaDone: boolean;
  nonce?: string;
  sessionId: string;
}

export interface AuthCode {
  grant: GrantContext;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord {
  clientId: string;
  user: User;
  authTime: number;
  mfaDone: boolean;
  issuedAt: number;
  lastUsedAt: number;
  sessionId: string;
  /** Set by the control endpoint or a revocation. */
  revokedAt?: number;
  forcedExpiry?: 'inactivity' | 'signInFrequency';
}

export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  app: AppConfig;
  scopes: ResolvedScopes;
  v1: boolean;
  expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  grant?: GrantContext;
  /** Set when the sign-in on the verification page ended in an error the poll must report. */
  failure?: AadError;
  lastPollAt?: number;
}

export interface BrowserSession {
  id: string;
  user: User;
  authTime: number;
  mfaDone: boolean;
}

/** A sign-in in progress on the pages (authorize or device verification). */
export interface Transaction {
  id: string;
  kind: 'authorize' | 'device';
  app: AppConfig;
  scopes: ResolvedScopes;
  v1: boolean;
  params: Record<string, string>;
  target?: RedirectTarget;
  deviceCode?: string;
  user?: User;
  passwordOk?: boolean;
  mfaDone?: boolean;
  authTime?: number;
  sessionId?: string;
  forceConsent?: boolean;
}

export interface EntraState {
  settings: EntraSettings;
  directory: Directory;
  signingKey: SigningKey;
  faults: FaultState;
  stats: EmulatorStats;
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  deviceCodes: Map<string, DeviceCodeRecord>;
  sessions: Map<string, BrowserSession>;
  transactions: Map<string, Transaction>;
  /** `${clientId}|${userObjectId}` pairs that consented. */
  consents: Set<string>;
}

export function createState(
  settings: EntraSettings,
  directory: Directory,
  signingKey: SigningKey,
  faults: FaultState,
  stats: EmulatorStats,
): EntraState {
  return {
    settings,
    directory,
    signingKey,
    faults,
    stats,
    codes: new Map(),
    refreshTokens: new Map(),
    deviceCodes: new Map(),
    sessions: new Map(),
    transactions: new Map(),
    consents: new Set(),
  };
}

/** The emulator's clock in seconds, shifted by the clock-skew fault. */
export function nowSeconds(state: EntraState): number {
  return Math.floor(Date.now() / 1000) + state.faults.clockSkewSeconds;
}

export function opaque(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hasConsent(state: EntraState, app: AppConfig, user: User): boolean {
  return !app.requiresConsent || state.consents.has(`${app.clientId.toLowerCase()}|${user.objectId}`);
}

export function recordConsent(state: EntraState, app: AppConfig, user: User): void {
  state.consents.add(`${app.clientId.toLowerCase()}|${user.objectId}`);
}
