// explorer: expanding "Tables" of a 1,000-table organization — the provider's children of the
// Tables node, the children of every group, and the tree item of every group and table — vs
// reading the same list from the metadata source and sorting it, which any tree must do at least.
// The metadata is already in memory, so this is the explorer's own cost, not the network's.
// src/explorer imports `vscode`: it is loaded under tsx with the bench's stub (bench/vscodeStub.ts).
import { createRequire } from 'node:module';
import { OrgUrl } from '../src/core/org/orgUrl';
import type { TableInfo } from '../src/core/metadata/model';
import type { ConnectionsService, OrgEntry } from '../src/connections/connectionsService';
import type { ExplorerContext, OrgMetadataSource } from '../src/explorer/context';
import type { ExplorerNode } from '../src/explorer/nodes/node';
import { RecordPages } from '../src/explorer/recordPages';
import { TableFilters } from '../src/explorer/tableFilters';
import { median, ms, now, pairedLine, type BenchResult, type Paired } from './util';
import { createVscodeStub, installVscodeStub } from './vscodeStub';

type ProviderModule = typeof import('../src/explorer/explorerProvider');

/** Length of a timed round; one expansion takes about a millisecond. */
const ROUND_MS = 250;

/** The same order GroupNode shows tables in: by display name, then logical name. */
const byName = (a: TableInfo, b: TableInfo): number =>
  a.displayName.localeCompare(b.displayName) || a.logicalName.localeCompare(b.logicalName);

export async function benchExplorer(opts: { tables: number; rounds: number }): Promise<BenchResult> {
  const { api, record } = createVscodeStub({}, '1.100.0');
  const uninstall = installVscodeStub(api);
  let mod: ProviderModule;
  try {
    mod = createRequire(__filename)('../src/explorer/explorerProvider') as ProviderModule;
  } finally {
    uninstall();
  }
  const tables = syntheticTables(opts.tables);
  const source: OrgMetadataSource = {
    tables: async () => tables,
    details: () => Promise.reject(new Error('the explorer benchmark never opens a table')),
  };
  const { provider, tablesNode } = await openTables(mod, source);
  const lines: string[] = [];
  try {
    // The first of each in this process, cold: the baseline first, so that it pays for the
    // collator's start-up and the explorer's first expansion pays only for its own cold code.
    let t = now();
    await sortList(source);
    const firstSortMs = now() - t;
    t = now();
    const shown = await expand(provider, tablesNode);
    const firstMs = now() - t;
    if (shown !== tables.length) lines.push(`explorer WARNING: the tree showed ${shown} tables of ${tables.length}`);
    for (let i = 0; i < 50; i++) {
      await expand(provider, tablesNode);
      await sortList(source);
    }
    const p = await interleaved(
      opts.rounds,
      () => expand(provider, tablesNode),
      () => sortList(source),
    );
    const { line, ratio, spread } = pairedLine('explorer', p, (v) => v);
    lines.unshift(
      `${line} — expanding Tables of ${tables.length} tables: ${median(p.candidate).toFixed(2)} ms per expansion (groups' and tables' tree items included) ` +
        `vs ${median(p.baseline).toFixed(2)} ms to read and sort the list, CPU time, median of ${opts.rounds} rounds of ≥ ${ROUND_MS} ms alternating call by call (${spread})`,
      `explorer cold: the first expansion in the process took ${ms(firstMs)} ms, the first read-and-sort ${ms(firstSortMs)} ms (wall time)`,
      `explorer groups: ${groupCounts(tables)}`,
    );
    if (record.missing.size) lines.push(`explorer stub missing: ${[...record.missing].join(', ')}`);
    return { name: 'explorer', ratio, lines };
  } finally {
    provider.dispose();
  }
}

/** The provider over one signed-in organization, and its Tables node as VS Code reaches it: root → org → Tables. */
async function openTables(
  mod: ProviderModule,
  source: OrgMetadataSource,
): Promise<{ provider: InstanceType<ProviderModule['ExplorerProvider']>; tablesNode: ExplorerNode }> {
  const org = OrgUrl.from('https://contoso.crm4.dynamics.com');
  const entry: OrgEntry = {
    org,
    name: 'Contoso',
    configured: true,
    session: { id: 's1', orgUrl: org.url, account: 'megan@contoso.com', application: false },
  };
  const connections = {
    list: async () => [entry],
    onDidChange: () => ({ dispose: () => undefined }),
  } as unknown as ConnectionsService;
  const memento = { get: () => undefined, update: () => Promise.resolve(), keys: () => [] };
  const ctx: ExplorerContext = {
    connections,
    metadata: () => source,
    filters: new TableFilters(memento),
    records: new RecordPages(connections),
    // VS Code's progress indicator is not the explorer's cost.
    withProgress: (task) => task(),
  };
  const provider = new mod.ExplorerProvider(connections, ctx);
  const [orgNode] = await provider.getChildren();
  const [tablesNode] = orgNode ? await provider.getChildren(orgNode) : [];
  if (!tablesNode || !tablesNode.id.endsWith('/tables')) {
    throw new Error(`no Tables node under the organization (got ${tablesNode?.id ?? 'nothing'})`);
  }
  return { provider, tablesNode };
}

/** What VS Code asks when Tables and then each group is expanded; returns how many tables were shown. */
async function expand(
  provider: InstanceType<ProviderModule['ExplorerProvider']>,
  tablesNode: ExplorerNode,
): Promise<number> {
  let shown = 0;
  for (const group of await provider.getChildren(tablesNode)) {
    provider.getTreeItem(group);
    for (const table of await provider.getChildren(group)) {
      provider.getTreeItem(table);
      shown++;
    }
  }
  return shown;
}

/** This process's CPU time in ms (user + system): unlike wall time, it does not count the time other processes held the core. */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Rounds in which the two sides alternate call by call (which goes first alternates too) until
 * ROUND_MS of wall time have passed. One call is a millisecond or less, so on this shared machine
 * a time slice lost to another process would swamp it: each call is timed in this process's CPU
 * time. A side's figure is its mean per call, GC pauses included (the candidate's garbage is its cost).
 */
async function interleaved(
  rounds: number,
  candidate: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
): Promise<Paired<number>> {
  const out: Paired<number> = { candidate: [], baseline: [], ratios: [] };
  const timed = async (f: () => Promise<unknown>): Promise<number> => {
    const t = cpuNow();
    await f();
    return cpuNow() - t;
  };
  for (let r = 0; r < rounds; r++) {
    let c = 0;
    let b = 0;
    let calls = 0;
    const start = now();
    while (calls < 10 || now() - start < ROUND_MS) {
      if (calls % 2 === 0) {
        c += await timed(candidate);
        b += await timed(baseline);
      } else {
        b += await timed(baseline);
        c += await timed(candidate);
      }
      calls++;
    }
    out.candidate.push(c / calls);
    out.baseline.push(b / calls);
    out.ratios.push(c / b);
  }
  return out;
}

async function sortList(source: OrgMetadataSource): Promise<number> {
  return [...(await source.tables())].sort(byName).length;
}

function groupCounts(tables: readonly TableInfo[]): string {
  const n = (f: (t: TableInfo) => boolean): number => tables.filter(f).length;
  const intersect = n((t) => t.isIntersect);
  const activity = n((t) => !t.isIntersect && t.isActivity);
  const custom = n((t) => !t.isIntersect && !t.isActivity && t.isCustom);
  return `${custom} custom, ${tables.length - intersect - activity - custom} standard, ${activity} activities, ${intersect} intersect (synthetic, Dataverse-like names)`;
}

// Names as a Dataverse org has them: real standard and activity tables, then solution tables, first
// party (no prefix, msdyn_, adx_: not custom) and the org's own (new_, contoso_); intersect tables
// show their schema name, as Dataverse's often do.
const STANDARD = [
  'account:Account',
  'contact:Contact',
  'lead:Lead',
  'opportunity:Opportunity',
  'incident:Case',
  'systemuser:User',
  'team:Team',
  'businessunit:Business Unit',
  'product:Product',
  'pricelevel:Price List',
  'quote:Quote',
  'salesorder:Order',
  'invoice:Invoice',
  'competitor:Competitor',
  'campaign:Campaign',
  'list:Marketing List',
  'contract:Contract',
  'queue:Queue',
  'queueitem:Queue Item',
  'role:Security Role',
  'solution:Solution',
  'publisher:Publisher',
  'workflow:Process',
  'savedquery:View',
  'userquery:Saved View',
  'systemform:Form',
  'webresource:Web Resource',
  'pluginassembly:Plug-in Assembly',
  'sdkmessage:Sdk Message',
  'annotation:Note',
  'connection:Connection',
  'transactioncurrency:Currency',
  'organization:Organization',
];
const ACTIVITIES = [
  'activitypointer:Activity',
  'email:Email',
  'phonecall:Phone Call',
  'task:Task',
  'appointment:Appointment',
  'letter:Letter',
  'fax:Fax',
  'serviceappointment:Service Activity',
  'campaignactivity:Campaign Activity',
  'socialactivity:Social Activity',
  'recurringappointmentmaster:Recurring Appointment',
];
const NOUNS = [
  'Project',
  'Work Order',
  'Asset',
  'Inspection',
  'Invoice Line',
  'Territory',
  'Vehicle',
  'Contract Line',
  'Resource',
  'Booking',
  'Time Entry',
  'Expense',
  'Warehouse',
  'Shipment',
  'Supplier',
  'Certificate',
  'Skill',
  'Survey',
  'Event',
  'Venue',
  'Membership',
  'Grant',
  'Donation',
  'Policy',
  'Claim',
  'Patient',
  'Device',
  'Subscription',
  'Agreement',
  'Price Rule',
];
const MODIFIERS = [
  '',
  ' Type',
  ' Template',
  ' Line',
  ' History',
  ' Setting',
  ' Status',
  ' Category',
  ' Assignment',
  ' Log',
];
const PREFIXES = ['', 'msdyn_', 'adx_', 'new_', 'contoso_'];
const CUSTOM_PREFIXES = new Set(['new_', 'contoso_']);

interface Kind {
  custom?: boolean;
  activity?: boolean;
  intersect?: boolean;
}

export function syntheticTables(count: number): TableInfo[] {
  const out: TableInfo[] = [];
  const add = (logicalName: string, schemaName: string, displayName: string, kind: Kind): void => {
    const i = out.length;
    out.push({
      logicalName,
      schemaName,
      entitySetName: logicalName.endsWith('s') ? `${logicalName}es` : `${logicalName}s`,
      displayName,
      displayCollectionName: `${displayName}s`,
      ...(i % 2 ? { description: `Holds each ${displayName.toLowerCase()} the organization tracks.` } : {}),
      primaryIdAttribute: `${logicalName}id`,
      primaryNameAttribute: kind.activity
        ? 'subject'
        : kind.intersect
          ? undefined
          : `${logicalName.split('_')[0]}_name`,
      isCustom: !!kind.custom,
      isActivity: !!kind.activity,
      isIntersect: !!kind.intersect,
      ownership: kind.intersect ? 'None' : i % 5 ? 'UserOwned' : 'OrganizationOwned',
      objectTypeCode: kind.custom ? 10000 + i : i + 1,
      metadataId: `70816d5f-1f1e-4d1b-9c1a-${String(i).padStart(12, '0')}`,
    });
  };
  const pascal = (display: string): string =>
    display
      .replace(/[^A-Za-z ]/g, '')
      .split(' ')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
  for (const [list, kind] of [
    [STANDARD, {}],
    [ACTIVITIES, { activity: true }],
  ] as const) {
    for (const e of list) {
      const [n, d] = e.split(':') as [string, string];
      add(n, n[0]!.toUpperCase() + n.slice(1), d, kind);
    }
  }
  // Modifier outermost, so that any count takes every noun under every prefix.
  for (const modifier of MODIFIERS) {
    for (const noun of NOUNS) {
      for (const prefix of PREFIXES) {
        if (out.length >= count) return out;
        const n = out.length;
        const custom = CUSTOM_PREFIXES.has(prefix);
        const display = noun + modifier;
        if (n % 23 === 0) {
          const schema = `${prefix}${pascal(noun)}_${pascal(NOUNS[(n + 7) % NOUNS.length]!)}`;
          add(schema.toLowerCase(), schema, schema, { custom, intersect: true });
        } else if (n % 13 === 0) {
          add(
            `${prefix}${pascal(display).toLowerCase()}activity`,
            `${prefix}${pascal(display)}Activity`,
            `${display} Activity`,
            { custom, activity: true },
          );
        } else {
          add(`${prefix}${pascal(display).toLowerCase()}`, `${prefix}${pascal(display)}`, display, { custom });
        }
      }
    }
  }
  throw new Error(`the synthetic org has at most ${out.length} tables`);
}
