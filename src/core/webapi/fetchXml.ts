// FetchXML helpers for paging: read what a query asks for, set attributes on its <fetch> element
// without reformatting the rest of the user's text, and unwrap Dataverse's paging cookie.
import * as l10n from '@vscode/l10n';
import { xmlProblem } from '../xmlProblem';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../userError';

export class FetchXmlError extends UserError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message, { code: 'FETCHXML_INVALID' });
    this.name = 'FetchXmlError';
  }
}

export interface FetchXmlInfo {
  /** The logical name on <entity name="…">. */
  entityName: string;
  top?: number;
  count?: number;
  page?: number;
  /** aggregate="true": one answer, never paged. */
  aggregate: boolean;
  pagingCookie?: string;
}

type Node = Record<string, unknown>;

/** Checks the text is a FetchXML query and reads its paging attributes; throws FetchXmlError. */
export function inspectFetchXml(xml: string): FetchXmlInfo {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FetchXmlError(
      l10n.t(
        'The FetchXML is not well-formed XML (line {0}, column {1}): {2}',
        valid.err.line,
        valid.err.col,
        xmlProblem(valid.err),
      ),
      valid.err.line,
      valid.err.col,
    );
  }
  rootStartTag(xml); // the root must be <fetch>, with no DOCTYPE
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true }).parse(
    xml,
  ) as Node;
  const fetch = doc['fetch'] as Node;
  const entity = (Array.isArray(fetch['entity']) ? fetch['entity'][0] : fetch['entity']) as Node | undefined;
  const entityName = typeof entity?.['name'] === 'string' ? entity['name'].trim() : '';
  if (!entityName) throw new FetchXmlError(l10n.t('The FetchXML needs an <entity name="…"> element inside <fetch>.'));
  const int = (name: string): number | undefined => {
    const raw = fetch[name];
    if (raw === undefined) return undefined;
    const text = String(raw).trim();
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw new FetchXmlError(l10n.t('The <fetch> attribute {0}="{1}" must be a whole number.', name, String(raw)));
    }
    return n;
  };
  const cookie = fetch['paging-cookie'];
  return {
    entityName,
    ...optionalNumber('top', int('top')),
    ...optionalNumber('count', int('count')),
    ...optionalNumber('page', int('page')),
    aggregate: String(fetch['aggregate']).toLowerCase() === 'true',
    ...(typeof cookie === 'string' && cookie ? { pagingCookie: cookie } : {}),
  };
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/**
 * Sets (or, with undefined, removes) attributes of the root <fetch> element. Only that start tag is
 * rewritten; comments, formatting and the rest of the query stay as the user wrote them.
 */
export function setFetchAttributes(xml: string, changes: Record<string, string | number | undefined>): string {
  const tag = rootStartTag(xml);
  const inner = xml.slice(tag.start + '<fetch'.length, tag.end - (tag.selfClosing ? 2 : 1));
  const pending = new Map(Object.entries(changes));
  const attrs: string[] = [];
  for (const m of inner.matchAll(/([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
    const name = m[1]!;
    if (!pending.has(name)) {
      attrs.push(`${name}=${m[2]!}`);
      continue;
    }
    const value = pending.get(name);
    pending.delete(name);
    if (value !== undefined) attrs.push(`${name}="${escapeAttribute(String(value))}"`);
  }
  for (const [name, value] of pending) {
    if (value !== undefined) attrs.push(`${name}="${escapeAttribute(String(value))}"`);
  }
  const rebuilt = `<fetch${attrs.map((a) => ` ${a}`).join('')}${tag.selfClosing ? ' />' : '>'}`;
  return xml.slice(0, tag.start) + rebuilt + xml.slice(tag.end);
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Where the root <fetch …> start tag is: [start, end) and whether it is <fetch … />. */
function rootStartTag(xml: string): { start: number; end: number; selfClosing: boolean } {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
    if (xml.startsWith('<?', i)) i = skipPast(xml, i, '?>');
    else if (xml.startsWith('<!--', i)) i = skipPast(xml, i, '-->');
    else break;
  }
  if (/^<!doctype/i.test(xml.slice(i, i + 9))) throw new FetchXmlError(l10n.t('FetchXML must not contain a DOCTYPE.'));
  if (!/^<fetch[\s/>]/.test(xml.slice(i, i + 7))) {
    throw new FetchXmlError(l10n.t('A FetchXML query starts with <fetch>.'));
  }
  let quote = '';
  for (let j = i + 6; j < xml.length; j++) {
    const c = xml[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return { start: i, end: j + 1, selfClosing: xml[j - 1] === '/' };
    }
  }
  throw new FetchXmlError(l10n.t('The <fetch> element is not closed.'));
}

function skipPast(xml: string, from: number, end: string): number {
  const at = xml.indexOf(end, from);
  if (at < 0) {
    throw new FetchXmlError(l10n.t('The FetchXML is not well-formed XML: a declaration or comment is not closed.'));
  }
  return at + end.length;
}

/**
 * The inner cookie to put in the next request's paging-cookie attribute, from the value of
 * @Microsoft.Dynamics.CRM.fetchxmlpagingcookie (`<cookie pagenumber="2" pagingcookie="%253ccookie…" …/>`,
 * whose pagingcookie attribute is URL-encoded twice). Undefined when there is none to use.
 */
export function pagingCookieFrom(annotation: unknown): string | undefined {
  if (typeof annotation !== 'string' || !annotation.trim()) return undefined;
  let encoded: unknown;
  try {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true }).parse(
      annotation,
    ) as Node;
    encoded = (doc['cookie'] as Node | undefined)?.['pagingcookie'];
  } catch {
    return undefined;
  }
  if (typeof encoded !== 'string' || !encoded) return undefined;
  try {
    // .NET's UrlEncode writes a space as '+', and a literal '+' as %2b, so '+' means space at each level.
    const once = decodeURIComponent(encoded.replace(/\+/g, ' '));
    const twice = decodeURIComponent(once.replace(/\+/g, ' '));
    return twice.trim().startsWith('<cookie') ? twice : undefined;
  } catch {
    return undefined;
  }
}

/** `<entitySet>?fetchXml=<encoded>`: the GET path for a FetchXML query. */
export function fetchXmlPath(entitySet: string, xml: string): string {
  return `${entitySet}?fetchXml=${encodeURIComponent(xml)}`;
}
