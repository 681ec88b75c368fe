// The metadata a SQL query is translated with, for the agent tools: the org's table list with the
// details of the tables the query names loaded first, as the scratchpad loads them before it
// translates a SQL block. A table that cannot be loaded is left out: the translator names it.
import type { MetadataSnapshot, TableDetails, TableInfo } from '../metadata/model';
import { sqlTablesToLoad } from '../query/run/resolveSql';
import type { AgentOrg, AgentPorts } from './agentPorts';

/** A snapshot whose details grow as `load` brings them in (SQL writes load more tables as they plan). */
export interface GrowingSnapshot {
  readonly snapshot: MetadataSnapshot;
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
    snapshot: snapshotOf(tables, details),
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
): Promise<MetadataSnapshot> {
  const growing = growingSnapshot(ports, org, tables, signal);
  const names = sqlTablesToLoad(sql, growing.snapshot);
  await Promise.all(names.map((name) => growing.load(name).catch(() => undefined)));
  return growing.snapshot;
}

/** The tables by logical and entity set name, per list (a list is replaced, never changed). */
const indexes = new WeakMap<readonly TableInfo[], { logical: Map<string, TableInfo>; set: Map<string, TableInfo> }>();

// Its own small snapshot: core/metadata/snapshot.ts belongs to the metadata engine's chunk, and the
// agent tools run in the scratchpad's.
function snapshotOf(tables: readonly TableInfo[], details: ReadonlyMap<string, TableDetails>): MetadataSnapshot {
  let index = indexes.get(tables);
  if (!index) {
    index = {
      logical: new Map(tables.map((t) => [t.logicalName.toLowerCase(), t])),
      set: new Map(tables.flatMap((t) => (t.entitySetName ? [[t.entitySetName.toLowerCase(), t] as const] : []))),
    };
    indexes.set(tables, index);
  }
  const { logical, set } = index;
  return {
    tables,
    tableByLogicalName: (name) => logical.get(name.toLowerCase()),
    tableByEntitySetName: (name) => set.get(name.toLowerCase()),
    details: (name) => details.get(name.toLowerCase()),
  };
}
