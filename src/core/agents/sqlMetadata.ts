// The metadata a SQL query is translated with, for the agent tools: the org's table list with the
// details of the tables the query names loaded first, as the scratchpad loads them before it
// translates a SQL block. A table that cannot be loaded is left out: the translator names it.
import type { TableDetails, TableInfo } from '../metadata/model';
import { IndexedSnapshot } from '../metadata/snapshot';
import { sqlTablesToLoad } from '../query/run/resolveSql';
import type { AgentOrg, AgentPorts } from './agentPorts';

/** A snapshot whose details grow as `load` brings them in (SQL writes load more tables as they plan). */
export interface GrowingSnapshot {
  readonly snapshot: IndexedSnapshot;
  load(logicalName: string): Promise<TableDetails>;
}

export function growingSnapshot(
  ports: AgentPorts,
  org: AgentOrg,
  tables: readonly TableInfo[],
  signal?: AbortSignal,
): GrowingSnapshot {
  const details = new Map<string, TableDetails>();
  return {
    snapshot: new IndexedSnapshot(tables, details),
    load: async (name) => {
      const known = details.get(name.toLowerCase());
      if (known) return known;
      const loaded = await ports.details(org.url, name, signal);
      details.set(loaded.table.logicalName.toLowerCase(), loaded);
      return loaded;
    },
  };
}

export async function sqlMetadata(
  ports: AgentPorts,
  org: AgentOrg,
  tables: readonly TableInfo[],
  sql: string,
  signal?: AbortSignal,
): Promise<IndexedSnapshot> {
  const growing = growingSnapshot(ports, org, tables, signal);
  const names = sqlTablesToLoad(sql, growing.snapshot);
  await Promise.all(names.map((name) => growing.load(name).catch(() => undefined)));
  return growing.snapshot;
}
