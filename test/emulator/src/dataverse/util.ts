// Small deterministic helpers shared by the generator, the metadata builder and the handler.

/** 32-bit FNV-1a over a string, mixed with a seed. */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

const ZEROS = '00000000';

function hex(n: number, width: number): string {
  const s = (n >>> 0).toString(16);
  return s.length >= width ? s.slice(s.length - width) : ZEROS.slice(0, width - s.length) + s;
}

/** A stable GUID derived from a name (used for metadata ids, business units, users). */
export function stableGuid(name: string, seed = 0): string {
  const a = hash32(name, seed),
    b = hash32(name, seed + 1),
    c = hash32(name, seed + 2),
    d = hash32(name, seed + 3);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${hex((c & 0x3fff) | 0x8000, 4)}-${hex(c >>> 16, 4)}${hex(d, 8)}`;
}

function mixInt(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 0x632be5ab, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

const prefixes = new Map<string, [string, string]>();

/**
 * Generated record ids carry their row number in the last 12 hex digits and a table tag in the first
 * group, so a lookup by id is O(1) without keeping the table in memory. Hot path: built from cached
 * per-table parts and one integer mix.
 */
export function rowGuid(tableTag: number, seed: number, index: number): string {
  const key = `${tableTag}:${seed}`;
  let parts = prefixes.get(key);
  if (!parts) {
    parts = [`${hex(tableTag, 8)}-`, `-a${hex(seed, 3)}-`];
    prefixes.set(key, parts);
  }
  const m = mixInt(tableTag ^ seed, index);
  return `${parts[0]}${hex(m, 4)}-4${hex(m >>> 16, 3)}${parts[1]}${index.toString(16).padStart(12, '0')}`;
}

/** A GUID-shaped value from two numbers (for non-key uniqueidentifier columns). */
export function valueGuid(h: number, index: number): string {
  const a = mixInt(h, index),
    b = mixInt(a, index + 1);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-${hex((a & 0x3fff) | 0x8000, 4)}-${hex(b, 8)}${hex(a >>> 8, 4)}`;
}

export function parseRowGuid(id: string): { tableTag: number; seed: number; index: number } | undefined {
  const m = /^([0-9a-f]{8})-[0-9a-f]{4}-4[0-9a-f]{3}-a([0-9a-f]{3})-([0-9a-f]{12})$/i.exec(id);
  if (!m) {
    return undefined;
  }
  return { tableTag: parseInt(m[1]!, 16), seed: parseInt(m[2]!, 16), index: parseInt(m[3]!, 16) };
}

export const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID_RE.test(text);
}

/** Random-looking but reproducible GUID for request ids (not security relevant). */
let requestCounter = 0;
export function requestGuid(): string {
  requestCounter++;
  return stableGuid(`req:${requestCounter}:${Date.now()}`);
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
