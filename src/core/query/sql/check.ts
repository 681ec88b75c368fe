// One call for the editor: parse a SQL block and translate what it can, returning every problem
// (syntax errors, unknown names, refused constructs, limits) as diagnostics with their ranges.
import type { MetadataSnapshot } from '../../metadata/model';
import type { SqlDiagnostic, SqlParams, SqlParseResult, SqlTranslation } from './api';
import { translateTargetRows } from './dml';
import { parseSql } from './parser';
import { translateSelect } from './translate';

export interface SqlCheck {
  readonly parse: SqlParseResult;
  /** Present when the text parsed into a statement and metadata has tables. */
  readonly translation?: SqlTranslation;
  /** Syntax errors first, then the translation's diagnostics. */
  readonly diagnostics: readonly SqlDiagnostic[];
}

/**
 * `params` holds the values known now; while editing, a caller that cannot resolve variables yet
 * passes `{ lenient: true }` and missing parameters are not reported.
 */
export function checkSql(
  text: string,
  metadata: MetadataSnapshot,
  params: SqlParams = {},
  options: { readonly lenient?: boolean } = {},
): SqlCheck {
  const parse = parseSql(text);
  const syntax: SqlDiagnostic[] = parse.errors.map((e) => ({
    code: e.code,
    severity: 'error',
    message: e.message,
    span: e.span,
  }));
  const s = parse.statement;
  if (!s || metadata.tables.length === 0) return { parse, diagnostics: syntax };
  const translation =
    s.type === 'select' ? translateSelect(s, metadata, params) : translateTargetRows(s, metadata, params);
  // The translator skips `error` nodes, whose syntax error is already in `syntax`.
  const own = translation.diagnostics.filter((d) => !(options.lenient && d.code === 'sql-parameter'));
  return { parse, translation, diagnostics: [...syntax, ...own] };
}
