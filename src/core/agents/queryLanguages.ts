// The query-language switch of the read tools: each language turns the model's text into the
// request the scratchpad would send (same parser, resolver, encoding and read/write classification),
// so a query behaves the same typed in a scratchpad or sent by an agent. A SQL SELECT is translated
// to FetchXML with the organization's metadata, as a scratchpad's SQL block is.
import type { MetadataSnapshot } from '../metadata/model';
import { resolveQuickQuery } from '../query/run/resolve';
import type { RunnableRequest } from '../query/run/resolve';
import { isSqlStart, sqlWrites } from '../query/syntax/sqlBlock';
import type { QueryLanguage } from './toolSpecs';

export interface CompileContext {
  readonly orgUrl: string;
  /** account → accounts, from the metadata cache. */
  entitySetOf(logicalName: string): string | undefined;
  /** For SQL: the tables, with the details of those the query names loaded. */
  readonly metadata?: MetadataSnapshot;
}

export type Compiled =
  { readonly ok: true; readonly request: RunnableRequest } | { readonly ok: false; readonly message: string };

type Compiler = (query: string, ctx: CompileContext) => Compiled;

const OTHER_METHOD = /^(POST|PATCH|PUT|DELETE)\s/i;

const COMPILERS: Readonly<Record<QueryLanguage, Compiler>> = {
  odata: (query, ctx) => {
    const text = query.trim().replace(/^GET\s+/i, '');
    if (/[\r\n]/.test(text)) {
      return fail('An OData query is one line (no headers or body): for example accounts?$select=name&$top=10.');
    }
    if (OTHER_METHOD.test(text)) return fail('This tool only reads: send writes with dataverse_write.');
    if (text.startsWith('<')) return fail('This looks like FetchXML: set language to "fetchxml".');
    return resolved(resolveQuickQuery(`GET ${text}`, ctx));
  },
  fetchxml: (query, ctx) => {
    const text = query.trim();
    if (!/^<fetch[\s>/]/i.test(text)) {
      return fail('A FetchXML query is one <fetch> element, starting with <fetch.');
    }
    // A "###" line would start another scratchpad block and cut the query short.
    if (/^\s*###/m.test(text)) return fail('A FetchXML query cannot hold a line starting with ###.');
    return resolved(resolveQuickQuery(text, ctx));
  },
  sql: (query, ctx) => {
    const text = query.trim();
    if (!isSqlStart(text.split('\n', 1)[0] ?? '')) {
      return fail(
        'A SQL query is one SELECT statement, for example SELECT TOP 10 name FROM account WHERE statecode = 0.',
      );
    }
    if (/^\s*###/m.test(text)) return fail('A SQL query cannot hold a line starting with ###.');
    if (sqlWrites(text)) {
      return fail(
        'This tool only reads: a SQL INSERT, UPDATE or DELETE (or any statement that writes) goes to dataverse_write.',
      );
    }
    return resolved(resolveQuickQuery(text, ctx), true);
  },
};

export function compileQuery(language: QueryLanguage, query: string, ctx: CompileContext): Compiled {
  return COMPILERS[language](query, ctx);
}

/** `positions`: say where each problem is (SQL's translator names the construct; the place finds it). */
function resolved(result: ReturnType<typeof resolveQuickQuery>, positions = false): Compiled {
  if (result.ok) return { ok: true, request: result.request };
  if (positions && result.errors.length > 0) {
    const shown = result.errors.slice(0, 5).map((e) => {
      const { line, character } = e.range.start;
      return `${e.message} (line ${line + 1}, column ${character + 1})`;
    });
    const left = result.errors.length - shown.length;
    return fail([...shown, ...(left > 0 ? [`… and ${left} more.`] : [])].join('\n'));
  }
  const [first, ...rest] = result.errors;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return fail(`${first?.message ?? 'This is not a query.'}${more}`);
}

function fail(message: string): Compiled {
  return { ok: false, message };
}
