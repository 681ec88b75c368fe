// One shape for everything the scratchpad reports about a query: parse errors, resolution errors
// (undefined variables, bad FetchXML…) and metadata diagnostics. Every code is listed here, so
// the VS Code side and the fuzz test can check that nothing untyped ever comes out.
import type { QuickFix, Range } from './text';

export const PARSE_CODES = [
  'expected-request',
  'unknown-method',
  'missing-separator',
  'bad-header',
  'missing-blank-line',
  'empty-target',
  'unterminated-fetch',
  'text-after-fetch',
  'bad-variable',
  'duplicate-variable',
  'bad-name',
  'duplicate-name',
  'connection-not-at-top',
  'bad-connection',
  'unclosed-variable',
  'body-not-allowed',
  'missing-body',
  'batch-method',
  'batch-nested',
  'batch-empty',
  'batch-get-in-changeset',
  'batch-stray-end',
  'batch-bad-marker',
  'batch-empty-changeset',
  'batch-expected-request',
  'authorization-header',
] as const;

export const RESOLVE_CODES = [
  'undefined-variable',
  'variable-cycle',
  'response-not-run',
  'response-path',
  'invalid-json',
  'fetch-invalid-xml',
  'fetch-not-fetch',
  'fetch-no-entity',
  'fetch-unknown-table',
  'fetch-too-long',
  'other-organization',
  'bad-url',
  'batch-bad-reference',
  'not-a-request',
  'unsafe-value',
] as const;

export const METADATA_CODES = [
  'unknown-entity-set',
  'entity-set-case',
  'logical-name-as-entity-set',
  'unknown-column',
  'schema-name',
  'lookup-without-value',
  'navigation-in-select',
  'not-a-web-api-property',
  'unknown-navigation',
  'unknown-query-option',
  'skip-not-supported',
  'unknown-table',
  'unknown-operator',
  'unknown-choice-value',
  'fetch-unknown-attribute',
  'lookup-needs-bind',
  'column-not-writable',
  'unknown-apply-transformation',
  'unknown-aggregate-method',
  'aggregate-without-alias',
  'aggregate-orderby',
] as const;

/** The SQL core's codes (core/query/sql/api.ts SqlDiagnosticCode), and what the scratchpad adds for SQL blocks. */
export const SQL_CODES = [
  'sql-syntax',
  'sql-unknown-table',
  'sql-unknown-column',
  'sql-unknown-alias',
  'sql-ambiguous-column',
  'sql-unsupported',
  'sql-join',
  'sql-type',
  'sql-parameter',
  'sql-limit',
  'sql-paging',
  'sql-aggregate',
  'sql-metadata',
  'sql-template',
] as const;

export type ParseCode = (typeof PARSE_CODES)[number];
export type ResolveCode = (typeof RESOLVE_CODES)[number];
export type MetadataCode = (typeof METADATA_CODES)[number];
export type SqlCode = (typeof SQL_CODES)[number];
export type DiagnosticCode = ParseCode | ResolveCode | MetadataCode | SqlCode;

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** Plain text (never markdown): what is wrong and what to do. */
  readonly message: string;
  readonly range: Range;
  readonly fixes?: readonly QuickFix[];
}

const ALL_CODES: ReadonlySet<string> = new Set<string>([
  ...PARSE_CODES,
  ...RESOLVE_CODES,
  ...METADATA_CODES,
  ...SQL_CODES,
]);

export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && ALL_CODES.has(code);
}

export function diagnostic(
  code: DiagnosticCode,
  severity: Severity,
  message: string,
  range: Range,
  fixes?: readonly QuickFix[],
): Diagnostic {
  return fixes && fixes.length > 0 ? { code, severity, message, range, fixes } : { code, severity, message, range };
}
