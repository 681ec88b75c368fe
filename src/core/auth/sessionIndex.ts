// The list of signed-in sessions (account × organization) with what is needed to get their tokens
// again: flow, client, authority. No token or secret is in here. It is stored through a SecretStore
// port: in the extension that is the shared list in globalState (sharedSessionList.ts), which every
// window sees. Every SecretStorage key of ours is derived from these records (core/auth/secretKeys.ts).
import type { SignInFlow } from './flows';
import { SESSION_INDEX_KEY, type SessionKeyFacts } from './secretKeys';
import type { SecretStore } from '../ports';

export interface SessionRecord extends SessionKeyFacts {
  /** sessionKey(accountId, org). */
  id: string;
  orgUrl: string;
  /** MSAL homeAccountId for users; `app:<clientId>` for service principals. */
  accountId: string;
  label: string;
  flow: SignInFlow;
  clientId: string;
  authorityHost: string;
  tenant: string;
  /** Custom authority hosts need MSAL's knownAuthorities. */
  customHost: boolean;
  /** Application users on the v1 endpoint (`resource=`); absent means v2 through MSAL. */
  endpointVersion?: 'v1';
}

export class SessionIndex {
  constructor(private readonly store: SecretStore) {}

  async all(): Promise<SessionRecord[]> {
    const text = await this.store.get(SESSION_INDEX_KEY);
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as unknown;
      return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
    } catch {
      return [];
    }
  }

  /** Adds or replaces the record; returns the one it replaced. */
  async upsert(record: SessionRecord): Promise<SessionRecord | undefined> {
    const all = await this.all();
    await this.write([...all.filter((r) => r.id !== record.id), record]);
    return all.find((r) => r.id === record.id);
  }

  async remove(id: string): Promise<SessionRecord | undefined> {
    const all = await this.all();
    const found = all.find((r) => r.id === id);
    if (found) await this.write(all.filter((r) => r.id !== id));
    return found;
  }

  /** No sessions: no key, rather than an empty list left behind. */
  private async write(records: SessionRecord[]): Promise<void> {
    if (records.length === 0) await this.store.delete(SESSION_INDEX_KEY);
    else await this.store.store(SESSION_INDEX_KEY, JSON.stringify(records));
  }
}

function isRecord(value: unknown): value is SessionRecord {
  const r = value as Partial<SessionRecord> | null;
  return (
    !!r &&
    typeof r.id === 'string' &&
    typeof r.orgUrl === 'string' &&
    typeof r.accountId === 'string' &&
    typeof r.flow === 'string'
  );
}
