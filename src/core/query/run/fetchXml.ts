// A <fetch> block becomes `GET <entityset>?fetchXml=<urlencoded>`: validated with fast-xml-parser,
// its <entity name> mapped to an entity set through metadata, whitespace between tags dropped so
// the URL stays short, and too-long queries sent through $batch as Dataverse asks.
import * as l10n from '@vscode/l10n';
import { xmlProblem } from '../../xmlProblem';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { scanXml } from '../syntax/xmlScan';
import { wellFormed } from './urlEncoding';
import type { Range } from '../syntax/text';

/** Dataverse refuses request URLs longer than this; longer FetchXML goes in a $batch body. */
export const MAX_URL_LENGTH = 32_768;

export type FetchResult =
  | { ok: true; entityName: string; entitySetName: string; path: string; xml: string }
  | { ok: false; errors: Diagnostic[] };

export interface FetchSource {
  /** The FetchXML after variable substitution. */
  readonly xml: string;
  /** Maps an offset of `xml` to the document (approximate where variables changed the text). */
  rangeOf(start: number, end: number): Range;
  /** Maps a 1-based line/column from the validator. */
  rangeAtLine(line: number, column: number): Range;
}

type XmlNode = Record<string, unknown>;

/** `entitySet` is the set named on an explicit `GET accounts` line, if any. */
export function fetchToRequest(
  source: FetchSource,
  entitySetOf: (logicalName: string) => string | undefined,
  entitySet?: string,
): FetchResult {
  const xml = source.xml;
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return fetchError(
      'fetch-invalid-xml',
      l10n.t('This FetchXML is not well-formed: {0}', xmlProblem(valid.err)),
      source.rangeAtLine(valid.err.line, valid.err.col ?? 1),
    );
  }
  let doc: XmlNode;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', ignoreDeclaration: true }).parse(
      xml,
    ) as XmlNode;
  } catch (err) {
    return fetchError(
      'fetch-invalid-xml',
      l10n.t('This FetchXML could not be read: {0}', err instanceof Error ? err.message : String(err)),
      source.rangeOf(0, xml.length),
    );
  }
  const roots = Object.keys(doc).filter((k) => k !== '#text');
  const fetch = doc['fetch'];
  if (roots.length !== 1 || fetch === undefined || Array.isArray(fetch)) {
    return fetchError(
      'fetch-not-fetch',
      l10n.t('A FetchXML query is one <fetch> element.'),
      source.rangeOf(0, Math.min(xml.length, 7)),
    );
  }
  const entity = typeof fetch === 'object' && fetch !== null ? (fetch as XmlNode)['entity'] : undefined;
  const entityName =
    entity && typeof entity === 'object' && !Array.isArray(entity) ? (entity as XmlNode)['@_name'] : undefined;
  if (typeof entityName !== 'string' || entityName.trim() === '') {
    return fetchError(
      'fetch-no-entity',
      l10n.t('A <fetch> needs exactly one <entity name="…"> (the table\'s logical name).'),
      source.rangeOf(0, Math.min(xml.length, 7)),
    );
  }
  const set = entitySet ?? entitySetOf(entityName);
  if (!set) {
    return fetchError(
      'fetch-unknown-table',
      l10n.t(
        'No table with the logical name "{0}" is known for this organization. Use the logical name (e.g. "account"), or refresh the metadata.',
        entityName,
      ),
      entityNameRange(xml, source) ?? source.rangeOf(0, 7),
    );
  }
  const compact = xml.trim().replace(/>\s+</g, '><');
  return {
    ok: true,
    entityName,
    entitySetName: set,
    path: `${set}?fetchXml=${encodeURIComponent(wellFormed(compact))}`,
    xml: compact,
  };
}

function fetchError(code: Diagnostic['code'], message: string, range: Range): FetchResult {
  return { ok: false, errors: [diagnostic(code, 'error', message, range)] };
}

function entityNameRange(xml: string, source: FetchSource): Range | undefined {
  const entity = scanXml(xml).find((t) => t.name === 'entity' && !t.closing);
  const name = entity?.attributes.find((a) => a.name === 'name');
  return name ? source.rangeOf(name.valueStart, name.valueEnd) : undefined;
}
