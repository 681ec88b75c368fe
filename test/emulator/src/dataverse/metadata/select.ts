// $select and $filter over metadata objects, with Dataverse's rule that a property must belong to the
// type the URL addresses (derived-type properties need a cast), and label overrides from edits.
import type { Json } from './metadata';
import { localizedLabel } from './metadata';
import { attributeKeys } from './attributes';
import { evaluate, parseFilter } from '../filter';
import { badQuery, propertyNotFound } from '../errors';
import type { MetadataVersions } from './versions';

const CRM = 'Microsoft.Dynamics.CRM.';

/** What a list or entity of metadata is, for `$select` checks and the error text. */
export interface MetaType {
  /** Type name in errors: EntityMetadata, AttributeMetadata, PicklistAttributeMetadata… */
  name: string;
  /** Properties `$select` may name; undefined = whatever the objects carry. */
  keys?: Set<string>;
}

export function attributeType(cast: string | undefined): MetaType {
  return { name: cast ? cast.replace(CRM, '') : 'AttributeMetadata', keys: attributeKeys(cast) };
}

export function selectCtx(sel: string[] | undefined, expand: string[] = []): string {
  const parts = [...(sel ?? []), ...expand.map((x) => `${x}()`)];
  return parts.length ? `(${parts.join(',')})` : '';
}

/** Checks a `$select` list against the type before any object is built. */
export function checkSelect(sel: string[] | undefined, type: MetaType): void {
  if (!sel || !type.keys) return;
  for (const k of sel) {
    if (!type.keys.has(k)) throw propertyNotFound(k, type.name);
  }
}

/** The selected properties of `o` (plus @odata.type, MetadataId and the kept expansions). */
export function select(o: Json, sel: string[] | undefined, type: MetaType, keep: string[] = []): Json {
  if (!sel) return o;
  checkSelect(sel, type);
  const out: Json = {};
  if ('@odata.type' in o) out['@odata.type'] = o['@odata.type'];
  for (const k of sel) {
    if (!(k in o) && !type.keys) throw propertyNotFound(k, type.name);
    out[k] = o[k] ?? null;
  }
  for (const k of keep) if (k in o) out[k] = o[k];
  out['MetadataId'] = o['MetadataId'];
  return out;
}

/** `$filter` on metadata: comparisons and and/or/not; Dataverse refuses the string functions here. */
export function filterObjects(list: Json[], text: string): Json[] {
  if (/\b(contains|startswith|endswith)\(/.test(text)) {
    throw badQuery(`The 'contains', 'startswith' and 'endswith' functions are not supported for metadata entities.`);
  }
  const expr = parseFilter(text);
  return list.filter(
    (o) =>
      evaluate(expr, (path) => {
        let v: unknown = o;
        for (const p of path) v = v && typeof v === 'object' ? (v as Json)[p] : undefined;
        return v ?? null;
      }) === true,
  );
}

/** Replaces DisplayName with the labels set through the control endpoint, keeping the default text. */
export function withLabels(o: Json, versions: MetadataVersions): Json {
  const id = o['MetadataId'];
  const extra = typeof id === 'string' ? versions.labelsOf(id) : undefined;
  if (!extra) return o;
  const current = ((o['DisplayName'] as Json | undefined)?.['UserLocalizedLabel'] as Json | null | undefined)?.[
    'Label'
  ];
  const texts = new Map<number, string>(typeof current === 'string' ? [[1033, current]] : []);
  extra.forEach((t, lcid) => texts.set(lcid, t));
  return { ...o, DisplayName: localizedLabel(texts, `${String(id)}:name`) };
}
