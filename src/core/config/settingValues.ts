// How one setting value is read, whatever the user typed: trimmed, in any case, numbers written as
// text, tenants and client ids normalized when they parse. Shared by the settings and each connection.
import { parseTenant } from '../org/tenant';
import { normalizeGuid, trimPasted } from '../pasted';

/** An enum value, whatever its case and the spaces around it. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  if (typeof value !== 'string') return fallback;
  const wanted = trimPasted(value).toLowerCase();
  return allowed.find((a) => a.toLowerCase() === wanted) ?? fallback;
}

export function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? trimPasted(value) : fallback;
}

/** A number, also one written as text ("30 "). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const written = typeof value === 'string' ? trimPasted(value) : '';
  return /^\d+(\.\d+)?$/.test(written) ? Number(written) : undefined;
}

/** A tenant or client id normalized when it parses; left as written otherwise, so sign-in names the problem. */
export function tenantOf(value: unknown, fallback: string): string {
  const raw = text(value);
  if (!raw) return fallback;
  const t = parseTenant(raw);
  return t.ok ? t.tenant : raw;
}

export function clientIdOf(value: unknown, fallback: string): string {
  const raw = text(value);
  return raw ? (normalizeGuid(raw) ?? raw) : fallback;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter((v): v is string => typeof v === 'string')
        .map(trimPasted)
        .filter((v) => v !== '')
    : [];
}
