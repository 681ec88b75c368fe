// The query-language switch of the read tools: each language turns the model's text into the
// request the scratchpad would send (same parser, resolver, encoding and read/write classification),
// so a query behaves the same typed in a scratchpad or sent by an agent. SQL gets an entry here
// when its translator lands.
import { resolveQuickQuery } from '../query/run/resolve';
import type { RunnableRequest } from '../query/run/resolve';
import type { QueryLanguage } from './toolSpecs';

export interface CompileContext {
  readonly orgUrl: string;
  /** account → accounts, from the metadata cache. */
  entitySetOf(logicalName: string): string | undefined;
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
};

export function compileQuery(language: QueryLanguage, query: string, ctx: CompileContext): Compiled {
  return COMPILERS[language](query, ctx);
}

function resolved(result: ReturnType<typeof resolveQuickQuery>): Compiled {
  if (result.ok) return { ok: true, request: result.request };
  const [first, ...rest] = result.errors;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return fail(`${first?.message ?? 'This is not a query.'}${more}`);
}

function fail(message: string): Compiled {
  return { ok: false, message };
}
