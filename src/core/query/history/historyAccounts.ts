// The query history's stored shape, organization → account (the session requests go out with) →
// entries, and the one rule that needs no parsing: entries of an account that is no longer signed
// in go. Kept free of the query parser so the start-up side can apply it when someone signs out
// before any scratchpad was opened.

/** `{ [orgUrl]: { [sessionId]: entries } }`; an entry's own shape is historyEntry.ts's business. */
export type StoredByAccount<T = unknown> = Record<string, Record<string, T[]>>;

/** The stored value as org → account → raw entries; a value of another shape (the old per-organization lists) gives nothing. */
export function accountLists(value: unknown): StoredByAccount {
  const out: StoredByAccount = {};
  if (!isRecord(value)) return out;
  for (const [org, accounts] of Object.entries(value)) {
    // The old shape, one list per organization shared by every account: whose entry each was is
    // unknown, so none is shown to anyone.
    if (!isRecord(accounts)) continue;
    for (const [account, list] of Object.entries(accounts)) {
      if (account && Array.isArray(list)) (out[org] ??= {})[account] = list;
    }
  }
  return out;
}

/** The value without the accounts `signedIn` no longer has, or undefined when nothing changes. */
export function withoutSignedOut(value: unknown, signedIn: ReadonlySet<string>): StoredByAccount | undefined {
  if (value === undefined) return undefined;
  const lists = accountLists(value);
  const kept: StoredByAccount = {};
  let dropped = countLists(value) !== countLists(lists);
  for (const [org, accounts] of Object.entries(lists)) {
    for (const [account, list] of Object.entries(accounts)) {
      if (signedIn.has(account)) (kept[org] ??= {})[account] = list;
      else dropped = true;
    }
  }
  return dropped ? kept : undefined;
}

function countLists(value: unknown): number {
  if (!isRecord(value)) return value === undefined || value === null ? 0 : 1;
  return Object.values(value).reduce<number>(
    (n, accounts) => n + (isRecord(accounts) ? Object.keys(accounts).length : 1),
    0,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
