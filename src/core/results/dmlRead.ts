// Reads the rows a SQL UPDATE, DELETE or INSERT … SELECT will act on, before anything is written:
// the statement's FetchXML, made to return the primary id and name the writes and the confirmation
// need, read page by page (paging cookie) up to a limit, with lookups' table names.
import * as l10n from '@vscode/l10n';
import { escapeAttribute } from '../webapi/fetchXml';
import { fetchXmlPages } from '../webapi/fetchXmlPaging';
import type { Row } from '../query/sql/dml/plan';
import type { WebApiSender } from '../ports';
import { UserError } from '../userError';
import { formatCount } from '../numberFormat';

export interface ReadTargetsOptions {
  /** Columns of the root entity the writes need (primary id and name, SET sources). */
  readonly columns: readonly string[];
  /** Refuse to go on past this many rows (a write that large is a mistake more often than not). */
  readonly maxRows: number;
  readonly signal?: AbortSignal;
}

/**
 * Adds `<attribute name="…"/>` for each column the root entity lacks, right after its opening tag.
 * A query with `<all-attributes/>` already returns them. Columns with a dot belong to a link and are left alone.
 */
export function withRootAttributes(fetchXml: string, columns: readonly string[]): string {
  const open = /<entity\b[^>]*?(\/?)>/.exec(fetchXml);
  if (!open) return fetchXml;
  const end = open.index + open[0].length;
  const selfClosing = open[1] === '/';
  const body = selfClosing ? '' : fetchXml.slice(end, rootEntityEnd(fetchXml, end));
  if (/<all-attributes\b/.test(body.replace(/<link-entity\b[\s\S]*?<\/link-entity>/g, ''))) return fetchXml;
  const missing = [...new Set(columns.filter((c) => !c.includes('.')).map((c) => c.toLowerCase()))].filter(
    (c) =>
      !new RegExp(`<attribute\\s+name\\s*=\\s*["']${c}["']`, 'i').test(
        body.replace(/<link-entity\b[\s\S]*?<\/link-entity>/g, ''),
      ),
  );
  const added = missing.map((c) => `<attribute name="${escapeAttribute(c)}"/>`).join('');
  if (!added) return fetchXml;
  if (selfClosing) {
    return `${fetchXml.slice(0, open.index)}${open[0].slice(0, -2)}>${added}</entity>${fetchXml.slice(end)}`;
  }
  return fetchXml.slice(0, end) + added + fetchXml.slice(end);
}

function rootEntityEnd(xml: string, from: number): number {
  const close = xml.lastIndexOf('</entity>');
  return close >= from ? close : xml.length;
}

/** Every row the statement's FetchXML matches; throws when there are more than `maxRows`. */
export async function readTargets(
  sender: WebApiSender,
  entitySet: string,
  fetchXml: string,
  options: ReadTargetsOptions,
): Promise<Row[]> {
  const rows: Row[] = [];
  const xml = withRootAttributes(fetchXml, options.columns);
  for await (const page of fetchXmlPages<Row>(sender, entitySet, xml, {
    annotations: 'Microsoft.Dynamics.CRM.lookuplogicalname',
    signal: options.signal,
  })) {
    rows.push(...page.value);
    if (rows.length > options.maxRows) {
      throw new UserError(
        l10n.t(
          'Not run: the statement matches more than {0} rows. Narrow its WHERE, or raise the setting dynamics365.sql.maxWriteRows.',
          formatCount(options.maxRows),
        ),
        { code: 'sql_dml_too_many' },
      );
    }
  }
  return rows;
}
