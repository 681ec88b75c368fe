// The shapes the SQL language core hands to its callers (the scratchpad's SQL blocks, completion,
// hover, the DML runner), in one file so they can be coded against before the parts land.
// Entry points:
//   parseSql(text)                                   → SqlParseResult             (parser.ts)
//   translateSelect(stmt, metadata, params)          → SqlTranslation             (translate.ts)
//   translateTargetRows(stmt, metadata, params)      → SqlTranslation & {target}  (dml.ts)
//   tablesOf(stmt)                                   → logical names to load       (scope.ts)
//   fetchXmlToSql(xml)                               → FetchToSqlResult           (fetchToSql.ts)
//   sqlCompletionContext(text, offset)               → SqlCompletionContext       (completionContext.ts)
//   sqlSymbolAt(stmt, offset)                        → SqlSymbol | undefined      (completionContext.ts)
//   looksLikeSql(text)                               → boolean                    (lexer.ts)
//   checkSql(text, metadata, params, {lenient})      → SqlCheck: all diagnostics  (check.ts)
import type { Span, SqlComment, SqlStatement } from './ast';

export type { Span } from './ast';

/** A syntax error: always a range inside the text (an empty range at the end when text is missing). */
export interface SqlError {
  readonly code: 'sql-syntax';
  readonly message: string;
  readonly span: Span;
}

export interface SqlParseResult {
  /** Present whenever a statement keyword was found, even with errors (recovered as far as possible). */
  readonly statement?: SqlStatement;
  readonly errors: readonly SqlError[];
  /** Every `--` and `/* *\/` comment, in order; `-- allow: all rows` is read from here. */
  readonly comments: readonly SqlComment[];
}

export type SqlDiagnosticCode =
  | 'sql-syntax'
  | 'sql-unknown-table'
  | 'sql-unknown-column'
  | 'sql-unknown-alias'
  | 'sql-ambiguous-column'
  | 'sql-unsupported'
  | 'sql-join'
  | 'sql-type'
  | 'sql-parameter'
  | 'sql-limit'
  | 'sql-paging'
  | 'sql-aggregate'
  | 'sql-metadata';

export interface SqlDiagnostic {
  readonly code: SqlDiagnosticCode;
  /** 'error' stops the run; 'warning' and 'info' are said but the query runs. */
  readonly severity: 'error' | 'warning' | 'info';
  /** A whole sentence, naming the construct. */
  readonly message: string;
  readonly span: Span;
  /** For unknown names: the closest known names, best first (quick fixes replace `span` with one). */
  readonly suggestions?: readonly string[];
}

/** Values of `@name` parameters, keyed without the `@` (case-insensitive lookup). */
export type SqlParamValue = string | number | boolean | null;
export type SqlParams = Readonly<Record<string, SqlParamValue>>;

/** One column of the answer, in the order the SELECT lists them. */
export interface SqlResultColumn {
  /** The key Dataverse returns it under: the alias, `linkalias.column`, or the column's logical name. */
  readonly key: string;
  /** What the SELECT wrote (`c.fullname`, `n`), for headers. */
  readonly label: string;
  /** Logical names, when the column is a table's column (not an aggregate). */
  readonly table?: string;
  readonly column?: string;
}

export interface SqlTranslation {
  /** Present only when there is no error diagnostic. */
  readonly fetchXml?: string;
  /** The logical name of the FROM table, when known. */
  readonly entity?: string;
  readonly diagnostics: readonly SqlDiagnostic[];
  readonly aggregate: boolean;
  /** The SELECT's columns in order; empty for `*`. */
  readonly columns: readonly SqlResultColumn[];
  /**
   * True when the FetchXML answers the whole query in one request (TOP, OFFSET…FETCH): a caller must
   * not follow paging cookies or offer a next page.
   */
  readonly single: boolean;
}

export interface FetchToSqlResult {
  /** Present unless a construct has no SQL form in this dialect. */
  readonly sql?: string;
  /** Whole sentences; `offset` points into the FetchXML when known. */
  readonly problems: readonly { readonly message: string; readonly offset?: number }[];
}

/** A table in scope of a statement: FROM, JOIN, UPDATE/DELETE target, INSERT INTO. */
export interface SqlScopeTable {
  /** As written (may be unknown to metadata). */
  readonly table: string;
  /** The alias, or the table name when there is none. */
  readonly alias: string;
  readonly span: Span;
}

export type SqlCompletionContext =
  | { readonly kind: 'table'; readonly span: Span }
  | {
      readonly kind: 'column';
      readonly span: Span;
      /** `c.` before the word: only columns of that alias. */
      readonly qualifier?: string;
      readonly scope: readonly SqlScopeTable[];
    }
  | {
      /** After `JOIN t x ON `: conditions built from relationships between x and the tables before it. */
      readonly kind: 'joinCondition';
      readonly span: Span;
      readonly joined: SqlScopeTable;
      readonly scope: readonly SqlScopeTable[];
    }
  | { readonly kind: 'keyword'; readonly span: Span; readonly keywords: readonly string[] }
  | { readonly kind: 'none' };

export type SqlSymbol =
  | { readonly kind: 'table'; readonly table: string; readonly span: Span }
  | {
      readonly kind: 'column';
      /** Table as written, resolved through the alias; undefined when unqualified and several tables are in scope. */
      readonly table?: string;
      readonly column: string;
      readonly span: Span;
    };
