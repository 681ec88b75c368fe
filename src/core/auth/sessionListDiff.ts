// What another window did to the shared session list, as the difference between the list this window
// last saw and the list now: the provider turns it into onDidChangeSessions for VS Code.

export interface ListChange<T> {
  added: T[];
  removed: T[];
  /** Same id, different content (signed in again with another client, tenant or flow). */
  changed: T[];
}

/** Both lists are keyed by `id`; content is compared as JSON, so property order must not vary. */
export function diffSessionLists<T extends { id: string }>(before: readonly T[], after: readonly T[]): ListChange<T> {
  const old = new Map(before.map((r) => [r.id, r]));
  const now = new Map(after.map((r) => [r.id, r]));
  return {
    added: after.filter((r) => !old.has(r.id)),
    removed: before.filter((r) => !now.has(r.id)),
    changed: after.filter((r) => old.has(r.id) && JSON.stringify(old.get(r.id)) !== JSON.stringify(r)),
  };
}

export function isEmptyChange(change: ListChange<unknown>): boolean {
  return change.added.length === 0 && change.removed.length === 0 && change.changed.length === 0;
}

/**
 * The stored list, read leniently: anything that is not an array of objects with a string id is
 * treated as no sessions (the index's own reader drops incomplete records the same way).
 */
export function parseSessionList<T extends { id: string }>(text: string | undefined): T[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((r): r is T => !!r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string')
      : [];
  } catch {
    return [];
  }
}
