// The request/response shape the router works on, shared by plain HTTP requests and $batch parts.
import type { Org } from './org';
import type { Preferences } from './options';
import { ODataError } from './errors';
import type { Actor } from './users';

export interface ApiRequest {
  method: string;
  /** Path after `/api/data/v9.x/`, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface Ctx {
  org: Org;
  /** `<orgUrl>/api/data/v9.x/` */
  base: string;
  prefs: Preferences;
  /** Preferences honoured, for Preference-Applied. */
  applied: string[];
  oid: string;
  /** The caller's display name and sign-in name from the token, for its systemuser record. */
  user?: { name?: string; upn?: string };
  /** Who the request acts as (MSCRMCallerID / CallerObjectId); the caller when unset. */
  actor?: Actor;
}

export const JSON_TYPE = 'application/json; odata.metadata=minimal';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { status: 204, headers, body: '' };
}

export function errorResponse(err: unknown): ApiResponse {
  if (err instanceof ODataError) {
    return json(err.status, err.body());
  }
  const message = err instanceof Error ? err.message : String(err);
  return json(500, { error: { code: '0x80040216', message: `An unexpected error occurred: ${message}` } });
}

/** `accounts(guid)` / `accounts(accountnumber='x')` / `accounts` */
export interface SetSegment {
  set: string;
  key?: string;
  altKey?: Record<string, string>;
}

export function parseSetSegment(segment: string): SetSegment | undefined {
  const m = /^([A-Za-z_][\w]*)(?:\((.*)\))?$/.exec(decodeURIComponent(segment));
  if (!m) return undefined;
  const inner = m[2];
  if (inner === undefined) return { set: m[1]! };
  const guid = /^\{?([0-9a-fA-F-]{36})\}?$/.exec(inner.trim());
  if (guid) return { set: m[1]!, key: guid[1]!.toLowerCase() };
  const altKey: Record<string, string> = {};
  for (const part of inner.split(',')) {
    const kv = /^\s*(\w+)\s*=\s*(?:'((?:[^']|'')*)'|([^']*?))\s*$/.exec(part);
    if (!kv) return undefined;
    altKey[kv[1]!] = kv[2] !== undefined ? kv[2].replace(/''/g, "'") : kv[3]!;
  }
  return { set: m[1]!, altKey };
}
