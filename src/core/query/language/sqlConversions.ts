// "Convert to FetchXML" and "Convert to SQL" on the block under the cursor: the converted query goes
// in a new block right after it (nothing the user wrote is replaced). SQL → FetchXML uses the same
// translation a run does; FetchXML → SQL is the SQL core's. A query that cannot be converted says why
// in a whole sentence and changes nothing.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import type { SqlParamValue } from '../sql/api';
import { fetchXmlToSql } from '../sql/fetchToSql';
import { parseSql } from '../sql/parser';
import { translateSelect } from '../sql/translate';
import { formatFetchXml } from '../syntax/fetchFormat';
import type { QueryDocument, ScratchRequest } from '../syntax/syntax';
import type { Position } from '../syntax/text';

export type ConversionTarget = 'fetchxml' | 'sql';

export type Conversion =
  | {
      readonly ok: true;
      /** Where the new block goes (the end of the source block) and its text, starting with `\n###`. */
      readonly at: Position;
      readonly text: string;
    }
  | { readonly ok: false; readonly message: string };

/** The conversions a request offers: SQL → FetchXML for a SELECT, FetchXML → SQL for a <fetch> block. */
export function conversionsOf(request: ScratchRequest): ConversionTarget[] {
  if (request.kind === 'sql' && request.sqlVerb === 'select') return ['fetchxml'];
  if (request.kind === 'fetchxml' && request.fetch) return ['sql'];
  return [];
}

/**
 * Converts `request` of `doc`. `metadata` must hold the details of the tables a SQL query names
 * (the caller loads them). The variables the block sees go in as the values of `@name`
 * parameters: FetchXML has no parameters, and a value that still holds `{{…}}` is filled in when
 * the FetchXML runs.
 */
export function convertRequest(
  doc: QueryDocument,
  request: ScratchRequest,
  to: ConversionTarget,
  metadata: MetadataSnapshot | undefined,
): Conversion {
  const converted = to === 'fetchxml' ? sqlToFetch(doc, request, metadata) : fetchToSql(request);
  if (!converted.ok) return converted;
  const end = request.blockRange.end;
  const source = request.title ?? (to === 'fetchxml' ? 'SQL' : 'FetchXML');
  const title = to === 'fetchxml' ? l10n.t('{0} as FetchXML', source) : l10n.t('{0} as SQL', source);
  const endsFile = end.line >= doc.lines.lineCount - 1;
  return {
    ok: true,
    at: end,
    text: `\n### ${title}\n${converted.text}${endsFile ? '\n' : ''}`,
  };
}

function sqlToFetch(
  doc: QueryDocument,
  request: ScratchRequest,
  metadata: MetadataSnapshot | undefined,
): { ok: true; text: string } | { ok: false; message: string } {
  if (request.kind !== 'sql' || !request.sql) {
    return cannotConvert(l10n.t('Put the cursor in a SQL SELECT block to convert it to FetchXML.'));
  }
  const parsed = parseSql(request.sql.text);
  const line = (offset: number): number =>
    request.sql!.range.start.line + request.sql!.text.slice(0, offset).split('\n').length;
  if (parsed.errors[0]) {
    return cannotConvert(l10n.t('Line {0}: {1}', line(parsed.errors[0].span.start), parsed.errors[0].message));
  }
  const statement = parsed.statement;
  if (statement?.type !== 'select') {
    return cannotConvert(l10n.t('Only a SELECT becomes FetchXML; INSERT, UPDATE and DELETE stay SQL.'));
  }
  if (!metadata || metadata.tables.length === 0) {
    return cannotConvert(
      l10n.t("The organization's tables are not loaded yet: choose a connection for this file and try again."),
    );
  }
  const params: Record<string, SqlParamValue> = {};
  for (const v of [...request.variables, ...doc.variables]) {
    if (!(v.name in params)) params[v.name] = String(Number(v.value)) === v.value ? Number(v.value) : v.value;
  }
  const t = translateSelect(statement, metadata, params);
  const error = t.diagnostics.find((d) => d.severity === 'error');
  if (error) return cannotConvert(l10n.t('Line {0}: {1}', line(error.span.start), error.message));
  if (!t.fetchXml) return cannotConvert(l10n.t('This query has no FetchXML form.'));
  return { ok: true, text: formatFetchXml(t.fetchXml) };
}

function fetchToSql(request: ScratchRequest): { ok: true; text: string } | { ok: false; message: string } {
  if (request.kind !== 'fetchxml' || !request.fetch) {
    return cannotConvert(l10n.t('Put the cursor in a <fetch> block to convert it to SQL.'));
  }
  const result = fetchXmlToSql(request.fetch.text);
  if (result.sql === undefined) {
    return cannotConvert(result.problems[0]?.message ?? l10n.t('This FetchXML has no SQL form in this dialect.'));
  }
  const notes = result.problems.map((p) => `-- ${p.message.replace(/[\r\n]+/g, ' ')}`);
  return { ok: true, text: [...notes, result.sql].join('\n') };
}

function cannotConvert(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
