// query: the scratchpad's pure core on a big org. (1) parsing a 1,000-request scratchpad vs the floor
// of any line-based parser (split into lines, one regex per line); (2) completion latency on a
// 1,000-table org with 400-column tables — entity sets, $select, $filter, FetchXML — vs reading
// the cached table list (one pass over snapshot.tables making an item per table).
import type {
  ColumnInfo,
  ColumnKind,
  MetadataSnapshot,
  RelationshipInfo,
  TableDetails,
  TableInfo,
} from '../src/core/metadata/model';
import { completeAt } from '../src/core/query/language/completion';
import { parseDocument } from '../src/core/query/syntax/parser';
import type { LineSource, Position } from '../src/core/query/syntax/text';
import { snapshotOf } from '../test/unit/core/query/csdlSnapshot';
import { median, ms, now, paired, pairedLine, type BenchResult } from './util';

const KINDS: ColumnKind[] = [
  'string',
  'integer',
  'money',
  'dateTime',
  'choice',
  'lookup',
  'boolean',
  'memo',
  'decimal',
  'uniqueIdentifier',
];

function table(i: number): TableInfo {
  const name = `new_table${String(i).padStart(4, '0')}`;
  return {
    logicalName: name,
    schemaName: name,
    entitySetName: `${name}s`,
    displayName: `Table ${i}`,
    primaryIdAttribute: `${name}id`,
    primaryNameAttribute: 'new_name',
    isCustom: true,
    isActivity: false,
    isIntersect: false,
    metadataId: `t${i}`,
  };
}

function details(t: TableInfo, tables: number, columns: number): TableDetails {
  const cols: ColumnInfo[] = Array.from({ length: columns }, (_, c) => {
    const kind = c === 0 ? 'uniqueIdentifier' : c === 1 ? 'string' : KINDS[c % KINDS.length]!;
    const logicalName =
      c === 0 ? t.primaryIdAttribute! : c === 1 ? 'new_name' : `new_column${String(c).padStart(3, '0')}`;
    return {
      logicalName,
      schemaName: logicalName,
      displayName: `Column ${c}`,
      description: `Column ${c} of ${t.logicalName}`,
      attributeTypeName: kind,
      kind,
      requiredLevel: 'None',
      ...(kind === 'lookup' ? { targets: [`new_table${String((c * 7) % tables).padStart(4, '0')}`] } : {}),
      ...(kind === 'choice' ? { optionSetName: `${t.logicalName}_${logicalName}` } : {}),
      isPrimaryId: c === 0,
      isPrimaryName: c === 1,
      isCustom: true,
      isValidForRead: true,
      isValidForCreate: true,
      isValidForUpdate: true,
      metadataId: `${t.metadataId}c${c}`,
    };
  });
  const relationships: RelationshipInfo[] = cols
    .filter((c) => c.kind === 'lookup')
    .map((c) => ({
      kind: 'manyToOne',
      schemaName: `${t.logicalName}_${c.logicalName}`,
      relatedTable: c.targets![0]!,
      navigationProperty: c.logicalName,
      lookupColumn: c.logicalName,
      isCustom: true,
      metadataId: `${c.metadataId}r`,
    }));
  const choices = cols
    .filter((c) => c.kind === 'choice')
    .map((c) => ({
      name: c.optionSetName!,
      displayName: c.displayName,
      isGlobal: false,
      columns: [c.logicalName],
      options: Array.from({ length: 12 }, (_, o) => ({ value: 100000000 + o, label: `Option ${o}` })),
    }));
  return { table: t, columns: cols, relationships, keys: [], choices };
}

export function bigOrg(tables: number, columns: number): MetadataSnapshot {
  const list = Array.from({ length: tables }, (_, i) => table(i));
  const byName = new Map(list.map((t) => [t.logicalName, t]));
  return snapshotOf(list, (name) => details(byName.get(name)!, tables, columns));
}

/** A scratchpad of `count` requests of every kind: OData reads, creates, FetchXML and $batch. */
export function bigScratchpad(count: number): string {
  const blocks = ['@connection = https://contoso.crm.dynamics.com\n@top = 10'];
  for (let i = 0; i < count; i++) {
    const t = `new_table${String(i % 1000).padStart(4, '0')}`;
    switch (i % 4) {
      case 0:
        blocks.push(
          `### read ${i}\nGET ${t}s?$select=new_name,new_column002,new_column003&$top={{top}}\n  &$filter=new_column004 eq 100000001 and contains(new_name,'x')\nPrefer: odata.include-annotations="*"`,
        );
        break;
      case 1:
        blocks.push(
          `###\n# @name create${i}\nPOST ${t}s\nPrefer: return=representation\n\n{\n  "new_name": "row ${i}",\n  "new_column002": 42\n}`,
        );
        break;
      case 2:
        blocks.push(
          `###\n<fetch top="50">\n  <entity name="${t}">\n    <attribute name="new_name" />\n    <filter><condition attribute="new_column002" operator="gt" value="5" /></filter>\n  </entity>\n</fetch>`,
        );
        break;
      default:
        blocks.push(
          `###\nPOST $batch\n\nGET ${t}s?$top=1\n\n--- changeset\nPATCH ${t}s(00000000-0000-0000-0000-000000000001)\n\n{"new_name":"b"}\n--- end`,
        );
    }
  }
  return blocks.join('\n');
}

async function timeLoop(iterations: number, f: () => void): Promise<number> {
  const t = now();
  for (let i = 0; i < iterations; i++) f();
  return (now() - t) / iterations;
}

export async function benchQueryParse(opts: { requests: number; rounds: number }): Promise<BenchResult> {
  const text = bigScratchpad(opts.requests);
  const lineRegex = /^(###|\s*(?:GET|POST|PATCH|PUT|DELETE)\s|\s*@\w+\s*=|\s*#|\s*<fetch)/;
  let count = 0;
  const candidate = (): void => {
    count = parseDocument(text).requests.length;
  };
  const baseline = (): void => {
    for (const line of text.split(/\r\n|\r|\n/)) if (lineRegex.test(line)) count += 0;
  };
  const iterations = 20;
  await timeLoop(5, candidate);
  await timeLoop(5, baseline);
  const p = await paired(
    opts.rounds,
    () => timeLoop(iterations, candidate),
    () => timeLoop(iterations, baseline),
    (t) => t,
  );
  const { line, ratio, spread } = pairedLine('query parse', p, (t) => t);
  const kb = Buffer.byteLength(text) / 1024;
  return {
    name: 'query-parse',
    ratio,
    lines: [
      `${line} — parseDocument of a ${opts.requests}-request scratchpad (${count} requests, ${text.split('\n').length} lines, ${kb.toFixed(0)} KiB) vs split into lines + one regex per line, median of ${opts.rounds} rounds (${spread})`,
      `query parse: ${ms(median(p.candidate))} ms per parse = ${((median(p.candidate) * 1000) / opts.requests).toFixed(1)} µs per request`,
    ],
  };
}

function cursorIn(text: string, marker: string, after: string): Position {
  const at = text.indexOf(marker);
  const offset = text.indexOf(after, at) + after.length;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

export async function benchQueryCompletion(opts: {
  tables: number;
  columns: number;
  rounds: number;
}): Promise<BenchResult> {
  const metadata = bigOrg(opts.tables, opts.columns);
  // Two SQL blocks beside request 500: a table after FROM, an alias's columns, a join condition.
  const text = bigScratchpad(1000).replace(
    '### read 500\n',
    '### sql 500\nSELECT t.new_column01 FROM new_table0500 t JOIN new_table0035 u ON \n\n### sql from\nSELECT * FROM new_ta\n\n### read 500\n',
  );
  // What the VS Code side passes: line access to the open TextDocument, not a copy of its text.
  const lineArray = text.split('\n');
  const document: LineSource = { lineCount: lineArray.length, lineText: (i) => lineArray[i]! };
  const cases: [string, Position, number][] = [
    ['entity sets', cursorIn(text, '### read 500\n', 'GET new_ta'), opts.tables],
    ['$select', cursorIn(text, '### read 500\n', '$select=new_name,new_col'), 0],
    ['$filter', cursorIn(text, '### read 500\n', '&$filter='), 0],
    ['FetchXML attribute', cursorIn(text, '"new_table0502"', '<attribute name="'), 0],
    ['SQL table', cursorIn(text, '### sql from\n', 'FROM new_ta'), opts.tables],
    ['SQL alias columns', cursorIn(text, '### sql 500\n', 'SELECT t.new_column01'), 0],
    ['SQL join condition', cursorIn(text, '### sql 500\n', 'new_table0035 u ON '), 0],
  ];
  const baseline = (): void => {
    metadata.tables.map((t) => ({ label: t.entitySetName ?? t.logicalName, detail: t.displayName }));
  };
  const lines: string[] = [];
  let worst = 0;
  for (const [name, position] of cases) {
    const cold = now();
    const first = completeAt(document, position, { metadata });
    const coldMs = now() - cold;
    const items = first?.items.length ?? 0;
    const candidate = (): void => {
      completeAt(document, position, { metadata });
    };
    await timeLoop(20, candidate);
    await timeLoop(20, baseline);
    const p = await paired(
      opts.rounds,
      () => timeLoop(100, candidate),
      () => timeLoop(100, baseline),
      (t) => t,
    );
    const { line, ratio, spread } = pairedLine(`query completion ${name}`, p, (t) => t);
    worst = Math.max(worst, ratio);
    lines.push(
      `${line} — ${items} items, ${(median(p.candidate) * 1000).toFixed(0)} µs per completion (first call, building the index: ${ms(coldMs)} ms), median of ${opts.rounds} rounds (${spread})`,
    );
  }
  lines.unshift(
    `query completion: ${opts.tables}-table org, ${opts.columns} columns per table, cursor in request 500 of a 1,000-request scratchpad read through a LineSource; baseline = one pass over the cached table list`,
  );
  return { name: 'query-completion', ratio: worst, lines };
}

/** `npx tsx bench/query.ts [rounds]`: the two query benchmarks alone (bench/run.ts runs them as `query`). */
async function standalone(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 7);
  for (const r of [
    await benchQueryParse({ requests: 1000, rounds }),
    await benchQueryCompletion({ tables: 1000, columns: 400, rounds: rounds * 3 }),
  ]) {
    for (const line of r.lines) console.log(line);
  }
}

if (require.main === module) void standalone();
