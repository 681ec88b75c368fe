// A SQL block made runnable: its `@name` parameters read from the scratchpad's variables, the
// statement parsed, and a SELECT translated to FetchXML with the organization's metadata, then
// sent like any <fetch> block (paging cookies, next page, formatted values). Every problem the
// translator finds, and any syntax error, stops the run before anything is sent, with its range.
// INSERT, UPDATE and DELETE are parsed and handed on as they are: the scratchpad's SQL write runner
// counts, confirms and sends them.
import * as l10n from '@vscode/l10n';
import type { SqlDiagnostic, SqlParams, SqlParamValue, SqlResultColumn } from '../sql/api';
import type { SqlStatement } from '../sql/ast';
import { parseSql } from '../sql/parser';
import { translateSelect } from '../sql/translate';
import { tablesOf } from '../sql/scope';
import type { MetadataSnapshot } from '../../metadata/model';
import { diagnostic, type Diagnostic, type SqlCode } from '../syntax/diagnostic';
import { sqlParams, type SqlVerb } from '../syntax/sqlBlock';
import { blockPosition, type BlockText, type RequestSyntax } from '../syntax/syntax';
import type { Range } from '../syntax/text';
import { fetchToRequest } from './fetchXml';
import { resolveHeaders, type ResolveEnv } from './resolveParts';
import { findReferences } from './variables';

export function sqlTemplateMessage(): string {
  return l10n.t('A SQL block takes values as parameters: write @name (set by "@name = value") instead of {{…}}.');
}

/** What a run of a SQL block carries besides the request it becomes. */
export interface SqlRun {
  /** The statement as written. */
  readonly text: string;
  readonly verb?: SqlVerb;
  readonly statement: SqlStatement;
  readonly params: SqlParams;
  /** A SELECT: the FetchXML it became (the request sends it), and how its answer is read. */
  readonly fetchXml?: string;
  readonly columns?: readonly SqlResultColumn[];
  /** The FetchXML answers the whole query at once (TOP, OFFSET … FETCH): no next page. */
  readonly single?: boolean;
  /** The FROM table's logical name, when known. */
  readonly entity?: string;
}

export interface ResolvedSql {
  readonly sql: SqlRun;
  readonly headers: Record<string, string>;
  /** Set for a SELECT: the request that runs it. */
  readonly fetch?: { readonly entityName: string; readonly entitySetName: string; readonly xml: string };
  readonly path?: string;
}

export function resolveSql(request: RequestSyntax, env: ResolveEnv): ResolvedSql | undefined {
  const block = request.sql;
  if (!block) return undefined;
  const errorsBefore = env.errors.length;
  const rangeOf = (start: number, end: number): Range => ({
    start: blockPosition(block, start),
    end: blockPosition(block, end),
  });
  for (const ref of findReferences(block.text)) {
    env.errors.push(diagnostic('sql-template', 'error', sqlTemplateMessage(), rangeOf(ref.start, ref.end)));
  }
  const headers = resolveHeaders(request.headers, env);
  const params = paramValues(block, env);
  const parsed = parseSql(block.text);
  for (const e of parsed.errors) {
    env.errors.push(diagnostic('sql-syntax', 'error', e.message, rangeOf(e.span.start, e.span.end)));
  }
  const statement = parsed.statement;
  if (!statement) {
    if (env.errors.length === errorsBefore) {
      env.errors.push(
        diagnostic(
          'sql-syntax',
          'error',
          l10n.t('Write a SQL statement here: SELECT, INSERT, UPDATE or DELETE.'),
          block.range,
        ),
      );
    }
    return undefined;
  }
  if (env.errors.length > errorsBefore) return undefined;
  const base = { text: block.text, ...(request.sqlVerb ? { verb: request.sqlVerb } : {}), statement, params };
  if (statement.type !== 'select') return { sql: base, headers };
  return translated(statement, base, headers, block, env);
}

function translated(
  statement: Extract<SqlStatement, { type: 'select' }>,
  base: Pick<SqlRun, 'text' | 'verb' | 'statement' | 'params'>,
  headers: Record<string, string>,
  block: BlockText,
  env: ResolveEnv,
): ResolvedSql | undefined {
  const metadata = env.ctx.metadata;
  if (!metadata) {
    env.errors.push(
      diagnostic(
        'sql-metadata',
        'error',
        l10n.t(
          "SQL is translated with the organization's tables, which are not loaded yet. Choose a connection for this file and run it again.",
        ),
        block.range,
      ),
    );
    return undefined;
  }
  const t = translateSelect(statement, metadata, base.params);
  for (const d of t.diagnostics) (d.severity === 'error' ? env.errors : env.warnings).push(toDiagnostic(d, block));
  if (!t.fetchXml || t.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const fetch = fetchToRequest(
    { xml: t.fetchXml, rangeOf: () => block.range, rangeAtLine: () => block.range },
    (name) => env.ctx.entitySetOf(name),
  );
  if (!fetch.ok) {
    env.errors.push(...fetch.errors);
    return undefined;
  }
  return {
    sql: {
      ...base,
      fetchXml: t.fetchXml,
      columns: t.columns,
      single: t.single,
      ...(t.entity ? { entity: t.entity } : {}),
    },
    headers,
    fetch: { entityName: fetch.entityName, entitySetName: fetch.entitySetName, xml: fetch.xml },
    path: fetch.path,
  };
}

/** A translator diagnostic in the document, with its suggestions as quick fixes. */
export function toDiagnostic(d: SqlDiagnostic, block: BlockText): Diagnostic {
  const range = { start: blockPosition(block, d.span.start), end: blockPosition(block, d.span.end) };
  const code: SqlCode = d.code;
  return diagnostic(
    code,
    d.severity,
    d.message,
    range,
    (d.suggestions ?? [])
      .slice(0, 3)
      .map((name) => ({ title: l10n.t('Change to {0}', name), edits: [{ range, newText: name }] })),
  );
}

/**
 * The values of the `@name` parameters the statement uses, from the variables the block sees
 * (a variable's own `{{…}}` filled in). A value goes to the translator as data, never as SQL text:
 * a number when it is written as one exactly (`10`, not `010`), else a string. Unknown names are left to the translator to report.
 */
function paramValues(block: BlockText, env: ResolveEnv): SqlParams {
  const known = new Set(env.resolver.knownNames());
  const out: Record<string, SqlParamValue> = {};
  for (const use of sqlParams(block.text)) {
    if (!known.has(use.name) || use.name in out) continue;
    const sub = env.resolver.substitute(
      `{{${use.name}}}`,
      () => ({ start: blockPosition(block, use.start), end: blockPosition(block, use.end) }),
      'text',
    );
    env.errors.push(...sub.errors);
    if (sub.errors.length === 0) out[use.name] = String(Number(sub.text)) === sub.text ? Number(sub.text) : sub.text;
  }
  return out;
}

/**
 * The logical names of the tables a SQL text names that are known to the organization and whose
 * details are not in memory yet: the runner loads them before translating.
 */
export function sqlTablesToLoad(text: string, metadata: MetadataSnapshot): string[] {
  const statement = parseSql(text).statement;
  if (!statement) return [];
  return tablesOf(statement)
    .map((name) => metadata.tableByLogicalName(name)?.logicalName)
    .filter((name): name is string => name !== undefined && !metadata.details(name));
}
