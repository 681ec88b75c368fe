// The control endpoint, /_emulator/* on both listeners: tests read counters, switch faults on and off,
// revoke or expire refresh tokens and approve device codes. No authentication: loopback callers only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  defaultFaults,
  MetadataEditError,
  type EmulatorStats,
  type FaultState,
  type MetadataControl,
  type RequestHandler,
} from './contract';
import { approveDeviceCode } from './entra/device';
import { BodyTooLargeError, isLoopbackAddress, readBody, sendJson } from './entra/http';
import { nowSeconds, type EntraState } from './entra/state';

export interface ControlDeps {
  entra: EntraState;
  faults: FaultState;
  stats: EmulatorStats;
  info: () => unknown;
  /** The org's run-time metadata edits (absent until the Dataverse side is up). */
  metadata?: () => MetadataControl | undefined;
}

type Body = Record<string, unknown>;
type Action = (deps: ControlDeps, body: Body) => { status?: number; body: unknown };

function bad(message: string) {
  return { status: 400, body: { error: 'bad_request', message } };
}

/** Checks a faults patch against FaultState's keys and types; returns an error message or undefined. */
export function validateFaultsPatch(patch: Body): string | undefined {
  const defaults = defaultFaults() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in defaults)) return `Unknown fault "${key}". Known: ${Object.keys(defaults).join(', ')}.`;
    if (typeof value !== typeof defaults[key]) return `Fault "${key}" must be a ${typeof defaults[key]}.`;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `Fault "${key}" must be a finite number.`;
      if (key.endsWith('Rate') && (value < 0 || value > 1)) return `Fault "${key}" is a fraction between 0 and 1.`;
      if (key !== 'clockSkewSeconds' && value < 0) return `Fault "${key}" cannot be negative.`;
    }
  }
  return undefined;
}

function clearCounters(stats: EmulatorStats): void {
  for (const record of Object.values(stats) as Record<string, number>[]) {
    for (const key of Object.keys(record)) delete record[key];
  }
}

function refreshTokensOf(entra: EntraState, body: Body) {
  const username = typeof body.username === 'string' ? body.username.toLowerCase() : undefined;
  return [...entra.refreshTokens.values()].filter((rt) => !username || rt.user.username.toLowerCase() === username);
}

const ACTIONS: Record<string, Action> = {
  'GET info': (d) => ({ body: d.info() }),
  'GET stats': (d) => ({ body: d.stats }),
  'POST stats/reset': (d) => {
    clearCounters(d.stats);
    return { body: d.stats };
  },
  'GET faults': (d) => ({ body: d.faults }),
  'POST faults': (d, body) => {
    const problem = validateFaultsPatch(body);
    if (problem) return bad(problem);
    Object.assign(d.faults, body);
    return { body: d.faults };
  },
  // Token lifetime at run time: a short one makes the next tokens "expired" to MSAL (it renews
  // five minutes early), a long one after that lets a test count exactly one refresh.
  'POST settings': (d, body) => {
    const lifetime = body.tokenLifetimeSeconds;
    if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 1) {
      return bad('"tokenLifetimeSeconds" must be a positive whole number of seconds.');
    }
    d.entra.settings.tokenLifetimeSeconds = lifetime;
    return { body: { tokenLifetimeSeconds: lifetime } };
  },
  'POST faults/reset': (d) => {
    Object.assign(d.faults, defaultFaults());
    return { body: d.faults };
  },
  'POST refresh-tokens/revoke': (d, body) => {
    const now = nowSeconds(d.entra);
    const hit = refreshTokensOf(d.entra, body);
    for (const rt of hit) rt.revokedAt = now;
    return { body: { revoked: hit.length } };
  },
  'POST refresh-tokens/expire': (d, body) => {
    const reason = body.reason ?? 'inactivity';
    if (reason !== 'inactivity' && reason !== 'signInFrequency') {
      return bad('"reason" is "inactivity" (AADSTS700082) or "signInFrequency" (AADSTS70043).');
    }
    const hit = refreshTokensOf(d.entra, body);
    for (const rt of hit) rt.forcedExpiry = reason;
    return { body: { expired: hit.length, reason } };
  },
  'POST device/approve': (d, body) => {
    const problem = approveDeviceCode(d.entra, body);
    return problem ? bad(problem) : { body: { ok: true } };
  },
  'GET device/pending': (d) => ({
    body: [...d.entra.deviceCodes.values()]
      .filter((x) => x.status === 'pending')
      .map((x) => ({ user_code: x.userCode, client_id: x.app.clientId, expires_at: x.expiresAt })),
  }),
  'POST sessions/reset': (d) => {
    d.entra.sessions.clear();
    return { body: { ok: true } };
  },
  'POST consents/reset': (d) => {
    d.entra.consents.clear();
    return { body: { ok: true } };
  },
};

/** /_emulator/metadata/*: edits that RetrieveMetadataChanges then reports, and stamp expiry. */
function metadataAction(run: (m: MetadataControl, body: Body) => unknown): Action {
  return (d, body) => {
    const m = d.metadata?.();
    if (!m) {
      return {
        status: 503,
        body: { error: 'unavailable', message: 'The Dataverse side of the emulator is not running.' },
      };
    }
    try {
      return { body: run(m, body) };
    } catch (err) {
      if (err instanceof MetadataEditError) return bad(err.message);
      throw err;
    }
  };
}

const METADATA_ACTIONS: Record<string, Action> = {
  'GET metadata/version': metadataAction((m) => m.version()),
  'POST metadata/add-column': metadataAction((m, b) => m.addColumn(b as Parameters<MetadataControl['addColumn']>[0])),
  'POST metadata/rename-label': metadataAction((m, b) =>
    m.renameLabel(b as Parameters<MetadataControl['renameLabel']>[0]),
  ),
  'POST metadata/delete-table': metadataAction((m, b) =>
    m.deleteTable(b as Parameters<MetadataControl['deleteTable']>[0]),
  ),
  'POST metadata/delete-column': metadataAction((m, b) =>
    m.deleteColumn(b as Parameters<MetadataControl['deleteColumn']>[0]),
  ),
  'POST metadata/expire-stamps': metadataAction((m) => m.expireStamps()),
};
Object.assign(ACTIONS, METADATA_ACTIONS);

async function jsonBody(req: IncomingMessage): Promise<Body | string> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return 'The body must be a JSON object.';
    }
    return parsed as Body;
  } catch {
    return 'The body is not valid JSON.';
  }
}

export function createControlHandler(deps: ControlDeps): RequestHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      sendJson(res, 403, { error: 'forbidden', message: 'The control endpoint answers loopback callers only.' });
      return;
    }
    const path = new URL(req.url ?? '/', 'https://x').pathname.replace(/^\/_emulator\/?/, '').replace(/\/+$/, '');
    const action = ACTIONS[`${req.method} ${path}`];
    if (!action) {
      const known = Object.keys(ACTIONS)
        .map((k) => k.replace(' ', ' /_emulator/'))
        .join(', ');
      sendJson(res, 404, {
        error: 'not_found',
        message: `No control action "${req.method} /_emulator/${path}". Known: ${known}.`,
      });
      return;
    }
    try {
      const body = req.method === 'POST' ? await jsonBody(req) : {};
      const result = typeof body === 'string' ? bad(body) : action(deps, body);
      sendJson(res, result.status ?? 200, result.body);
    } catch (err) {
      sendJson(res, err instanceof BodyTooLargeError ? 413 : 500, {
        error: 'failed',
        message: err instanceof Error ? err.message : String(err),
      });
    }
  };
}
