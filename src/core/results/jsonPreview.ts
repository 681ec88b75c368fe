// The text of the results view's JSON tab. One page: the response body as Dataverse sent it,
// pretty-printed. Several pages (Next page, All pages): one document with the first response's
// annotations and every row loaded so far in `value`, so the tab shows what the grid shows. The
// text is built row by row and stops at a size limit, so 100k loaded rows never become one 100 MB
// string just to show its first 2 MB.
import * as l10n from '@vscode/l10n';

export interface JsonPreview {
  readonly json: string;
  /** The text stops before the end (export JSON has all of it). */
  readonly truncated: boolean;
}

/** Annotations that describe one page only; a combined document would carry the first page's. */
const PAGE_ANNOTATIONS = new Set([
  '@odata.nextLink',
  '@odata.deltaLink',
  '@Microsoft.Dynamics.CRM.fetchxmlpagingcookie',
  '@Microsoft.Dynamics.CRM.morerecords',
]);

/**
 * `bodyText`: the first response's body. `rows`: every row loaded so far (the first page's
 * included), used when `pages` > 1. `limit`: characters.
 */
export function jsonPreview(bodyText: string, rows: Iterable<unknown>, pages: number, limit: number): JsonPreview {
  if (!bodyText) return { json: l10n.t('(no body)'), truncated: false };
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    // Not JSON: shown as sent.
    return cut(bodyText, limit);
  }
  if (!isRecord(body) || !Array.isArray(body.value)) return cut(JSON.stringify(body, null, 2), limit);
  const annotations: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'value' || (pages > 1 && PAGE_ANNOTATIONS.has(key))) continue;
    annotations[key] = value;
  }
  return collection(annotations, pages > 1 ? rows : body.value, limit);
}

/**
 * The same text as `JSON.stringify({ ...annotations, value: rows }, null, 2)`, written row by row
 * until it passes `limit`.
 */
function collection(annotations: Record<string, unknown>, rows: Iterable<unknown>, limit: number): JsonPreview {
  const head = JSON.stringify(annotations, null, 2);
  let text = head.length > 2 ? `${head.slice(0, -2)},\n  "value": [` : '{\n  "value": [';
  let any = false;
  // Read one row at a time: the rows past the limit are never turned into text (or into objects).
  for (const row of rows) {
    text += `${any ? ',' : ''}\n    ${(JSON.stringify(row, null, 2) ?? 'null').replaceAll('\n', '\n    ')}`;
    any = true;
    if (text.length > limit) return { json: text.slice(0, limit), truncated: true };
  }
  return cut(any ? `${text}\n  ]\n}` : `${text}]\n}`, limit);
}

function cut(text: string, limit: number): JsonPreview {
  return text.length > limit ? { json: text.slice(0, limit), truncated: true } : { json: text, truncated: false };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
