// The read tools: organizations, tables, a table's description, a query's first rows, a count and
// a query's explanation. Each takes validated input and the org it names, and answers text within
// its budget; what came from the org is fenced as untrusted (resultText.ts).
import { execute } from '../results/execute';
import { inspectFetchXml, setFetchAttributes } from '../webapi/fetchXml';
import { readPage } from '../webapi/paging';
import { withPrefer } from '../webapi/prefer';
import type { RunnableRequest } from '../query/run/resolve';
import type { TableInfo } from '../metadata/model';
import type { AgentOrg, AgentPorts } from './agentPorts';
import { describeTable } from './describeTable';
import { sqlMetadata } from './sqlMetadata';
import { compileQuery, type CompileContext } from './queryLanguages';
import { BUDGET, errorAnswer, fitLines, rowsBlock, untrusted, type ToolAnswer } from './resultText';
import type { QueryLanguage } from './toolSpecs';

type Input = Record<string, unknown>;

export async function listOrgs(ports: AgentPorts): Promise<ToolAnswer> {
  const orgs = await ports.orgs();
  if (orgs.length === 0) {
    return { text: 'No organization is configured or signed in. Ask the person to sign in to Dynamics 365 first.' };
  }
  const lines = orgs.map((o) => {
    const who = o.signedInAs ? `signed in as ${o.signedInAs}${o.application ? ' (application)' : ''}` : 'not signed in';
    const safety = [o.production ? 'production: writes ask first' : '', o.readOnly ? 'read-only: writes refused' : '']
      .filter(Boolean)
      .join(', ');
    return `${o.url} | ${o.name} | ${who}${safety ? ` | ${safety}` : ''}`;
  });
  return { text: `Organizations (url | name | session | safety):\n${lines.join('\n')}`, rows: orgs.length };
}

export async function listTables(
  ports: AgentPorts,
  org: AgentOrg,
  input: Input,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  const needle = typeof input['search'] === 'string' ? input['search'].trim().toLowerCase() : '';
  const limit = typeof input['limit'] === 'number' ? input['limit'] : 200;
  const withDescriptions = input['includeDescriptions'] === true;
  const all = await ports.tables(org.url, signal);
  const matching = all
    .filter((t) => !needle || tableText(t).includes(needle))
    .sort((a, b) => a.logicalName.localeCompare(b.logicalName));
  const lines = matching.slice(0, limit).map((t) => {
    const base = `${t.logicalName} | ${t.entitySetName ?? '-'} | ${t.displayName}`;
    return withDescriptions && t.description ? `${base} | ${t.description.replace(/\s+/g, ' ')}` : base;
  });
  const fitted = fitLines(lines, BUDGET.list);
  const left = matching.length - fitted.lines.length;
  const head = `${matching.length} table${matching.length === 1 ? '' : 's'}${needle ? ` matching "${needle}"` : ''} in ${org.url} (logical name | entity set | display name${withDescriptions ? ' | description' : ''}):`;
  const note = left > 0 ? `\n${left} more not shown: search for a narrower name.` : '';
  return { text: `${head}\n${untrusted(fitted.lines.join('\n'))}${note}`, rows: fitted.lines.length };
}

function tableText(t: TableInfo): string {
  return `${t.logicalName} ${t.schemaName} ${t.entitySetName ?? ''} ${t.displayName}`.toLowerCase();
}

export async function findTable(
  ports: AgentPorts,
  org: AgentOrg,
  name: string,
  signal?: AbortSignal,
): Promise<TableInfo | string> {
  const wanted = name.trim().toLowerCase();
  const tables = await ports.tables(org.url, signal);
  const table =
    tables.find((t) => t.logicalName.toLowerCase() === wanted) ??
    tables.find((t) => t.entitySetName?.toLowerCase() === wanted);
  if (table) return table;
  const near = tables
    .filter((t) => t.logicalName.includes(wanted) || wanted.includes(t.logicalName))
    .slice(0, 5)
    .map((t) => t.logicalName);
  return `No table "${name.slice(0, 100)}" in ${org.url}.${near.length ? ` Close names: ${near.join(', ')}.` : ''} Use dataverse_list_tables with search to find it.`;
}

export async function describe(
  ports: AgentPorts,
  org: AgentOrg,
  input: Input,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  const table = await findTable(ports, org, String(input['table']), signal);
  if (typeof table === 'string') return errorAnswer(table);
  const details = await ports.details(org.url, table.logicalName, signal);
  const filter = typeof input['columns'] === 'string' ? input['columns'] : undefined;
  return { text: describeTable(details, filter), rows: details.columns.length };
}

const LANGUAGE_NAMES: Readonly<Record<QueryLanguage, string>> = { odata: 'OData', fetchxml: 'FetchXML', sql: 'SQL' };

/** Entity sets by logical name, per table list (a list is replaced, never changed, when metadata changes). */
const entitySets = new WeakMap<readonly TableInfo[], Map<string, string | undefined>>();

/** `sql`: a SQL text, whose tables' details are loaded first (SQL is translated with them). */
export async function compileContext(
  ports: AgentPorts,
  org: AgentOrg,
  signal?: AbortSignal,
  sql?: string,
): Promise<CompileContext> {
  const tables = await ports.tables(org.url, signal);
  let bySet = entitySets.get(tables);
  if (!bySet) {
    bySet = new Map(tables.map((t) => [t.logicalName.toLowerCase(), t.entitySetName]));
    entitySets.set(tables, bySet);
  }
  const map = bySet;
  const base = { orgUrl: org.url, entitySetOf: (name: string) => map.get(name.toLowerCase()) };
  return sql === undefined ? base : { ...base, metadata: await sqlMetadata(ports, org, tables, sql, signal) };
}

/** The query as it would be sent, or the reason it cannot be. */
async function compiled(
  ports: AgentPorts,
  org: AgentOrg,
  language: QueryLanguage,
  query: string,
  signal?: AbortSignal,
): Promise<RunnableRequest | string> {
  const ctx = await compileContext(ports, org, signal, language === 'sql' ? query : undefined);
  const result = compileQuery(language, query, ctx);
  if (!result.ok) return `Not run: ${result.message}`;
  if (result.request.safety.access === 'write') {
    return `Not run: this request ${result.request.safety.summary}, which changes data. Use dataverse_write for writes.`;
  }
  return result.request;
}

/** The request with at most `cap` rows per page asked for, so no more than needed comes over the wire. */
function capped(request: RunnableRequest, cap: number): RunnableRequest {
  if (!request.fetch) {
    return { ...request, headers: withPrefer(request.headers, { annotations: '*', maxPageSize: cap }) };
  }
  const info = inspectFetchXml(request.fetch.xml);
  if (info.top !== undefined || info.count !== undefined || info.aggregate) return request;
  return { ...request, fetch: { ...request.fetch, xml: setFetchAttributes(request.fetch.xml, { count: cap }) } };
}

export async function query(ports: AgentPorts, org: AgentOrg, input: Input, signal?: AbortSignal): Promise<ToolAnswer> {
  const request = await compiled(ports, org, input['language'] as QueryLanguage, String(input['query']), signal);
  if (typeof request === 'string') return errorAnswer(request);
  const limit = ports.limits().maxRows;
  const cap = Math.min(typeof input['maxRows'] === 'number' ? input['maxRows'] : limit, limit);
  const execution = await execute(ports.sender(org.url), capped(request, cap), { signal });
  if (execution.error) {
    return errorAnswer(`The query failed. Dataverse's answer:\n${untrusted(execution.error.message)}`);
  }
  const rows = execution.rows ?? [];
  const taken = rows.slice(0, cap);
  const block = rowsBlock(taken, BUDGET.rows);
  const more = execution.next !== undefined || rows.length > cap;
  const where = request.fetch?.entitySetName ?? request.path.split('?')[0];
  const head = `${block.shown} row${block.shown === 1 ? '' : 's'} from ${where} in ${org.url}${more ? `; more rows exist (capped at ${cap}): narrow the filter, or count them with dataverse_count` : ''}. One JSON object per line; "<column>@formatted" is the value as users see it.`;
  return { text: `${head}\n${block.text}`, rows: block.shown };
}

export async function count(ports: AgentPorts, org: AgentOrg, input: Input, signal?: AbortSignal): Promise<ToolAnswer> {
  const table = await findTable(ports, org, String(input['table']), signal);
  if (typeof table === 'string') return errorAnswer(table);
  if (!table.entitySetName) {
    return errorAnswer(`The table ${table.logicalName} is not in the Web API: it cannot be counted.`);
  }
  const filter = typeof input['filter'] === 'string' && input['filter'].trim() ? input['filter'].trim() : undefined;
  if (input['language'] === 'sql') return countSql(ports, org, table, filter, signal);
  const text = `${table.entitySetName}?$select=${table.primaryIdAttribute ?? `${table.logicalName}id`}${filter ? `&$filter=${filter}` : ''}&$count=true`;
  const request = await compiled(ports, org, 'odata', text, signal);
  if (typeof request === 'string') return errorAnswer(request);
  const page = await readPage(ports.sender(org.url), request.path, { pageSize: 1, annotations: false, signal });
  const n = page.count ?? page.value.length;
  const exceeded = page.countLimitExceeded === true || n >= 5000;
  const what = `${table.entitySetName}${filter ? ` matching the filter` : ''}`;
  return {
    text: exceeded ? `More than 5000 rows in ${what} (Dataverse counts up to 5000 this way).` : `${n} rows in ${what}.`,
    rows: 0,
  };
}

/** A count as a SQL aggregate: `filter` is a WHERE condition; Dataverse counts up to 50,000 rows this way. */
async function countSql(
  ports: AgentPorts,
  org: AgentOrg,
  table: TableInfo,
  filter: string | undefined,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  // The condition goes on its own line, so a `--` comment in it cannot hide the rest of the statement.
  const text = `SELECT COUNT(*) AS row_count FROM ${table.logicalName}${filter ? `\nWHERE (\n${filter}\n)` : ''}`;
  const request = await compiled(ports, org, 'sql', text, signal);
  // Positions in the answer count in this statement, shown with it.
  if (typeof request === 'string') return errorAnswer(`${request}\nThe statement counted:\n${text}`);
  const execution = await execute(ports.sender(org.url), request, { signal });
  const what = `${table.logicalName}${filter ? ' matching the filter' : ''}`;
  if (execution.error) {
    if (/0x8004E023|AggregateQueryRecordLimit/i.test(execution.error.message)) {
      return { text: `More than 50000 rows in ${what} (Dataverse counts up to 50,000 rows in an aggregate).`, rows: 0 };
    }
    return errorAnswer(`The count failed. Dataverse's answer:\n${untrusted(execution.error.message)}`);
  }
  const first = execution.rows?.[0] as Record<string, unknown> | undefined;
  const n = Number(first?.['row_count']);
  if (!Number.isFinite(n)) return errorAnswer('The count came back without a number.');
  return { text: `${n} rows in ${what}.`, rows: 0 };
}

export async function explain(
  ports: AgentPorts,
  org: AgentOrg,
  input: Input,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  const language = input['language'] as QueryLanguage;
  const text = String(input['query']);
  const ctx = await compileContext(ports, org, signal, language === 'sql' ? text : undefined);
  const result = compileQuery(language, text, ctx);
  if (!result.ok) return errorAnswer(`This query cannot run: ${result.message}`);
  const r = result.request;
  const url = /^https?:/i.test(r.path) ? r.path : `${ports.sender(org.url).apiUrl}${r.path}`;
  const lines = [
    `This ${LANGUAGE_NAMES[language]} query ${r.safety.summary} (${r.safety.access}).`,
    `It is sent as: ${r.method} ${url}`,
    ...Object.entries(r.headers).map(([k, v]) => `Header: ${k}: ${v}`),
    ...(r.fetch
      ? [
          `Table: ${r.fetch.entityName} (entity set ${r.fetch.entitySetName})`,
          `${r.sql ? 'The SQL translated to FetchXML' : 'FetchXML sent'} (whitespace between tags removed): ${r.fetch.xml}`,
        ]
      : []),
    ...(url.length > 32_000 ? ['The URL is longer than Dataverse takes in a GET: it is sent inside a $batch.'] : []),
    r.safety.access === 'write'
      ? 'It changes data: dataverse_query refuses it; dataverse_write asks the person first.'
      : 'Run it with dataverse_query.',
  ];
  return { text: fitLines(lines, BUDGET.list).lines.join('\n') };
}
