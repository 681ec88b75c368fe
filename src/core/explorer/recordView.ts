// A record as people want to read it: columns in name order, each followed by its formatted value
// and, for lookups, the table it points to — instead of Dataverse's long annotation names spread
// around the object. The raw values stay exactly as the service sent them.

const ANNOTATION =
  /^(.*)@(OData\.Community\.Display\.V1\.FormattedValue|Microsoft\.Dynamics\.CRM\.lookuplogicalname|Microsoft\.Dynamics\.CRM\.associatednavigationproperty)$/;
const SHORT: Record<string, string> = {
  'OData.Community.Display.V1.FormattedValue': 'formatted',
  'Microsoft.Dynamics.CRM.lookuplogicalname': 'table',
  'Microsoft.Dynamics.CRM.associatednavigationproperty': 'navigation',
};

export function presentRecord(raw: Record<string, unknown>): Record<string, unknown> {
  const annotations = new Map<string, Record<string, unknown>>();
  const values: [string, unknown][] = [];
  const meta: [string, unknown][] = [];
  for (const [key, value] of Object.entries(raw)) {
    const m = ANNOTATION.exec(key);
    if (m) {
      const forColumn = annotations.get(m[1]!) ?? {};
      forColumn[SHORT[m[2]!]!] = value;
      annotations.set(m[1]!, forColumn);
    } else if (key.startsWith('@')) {
      meta.push([key, value]);
    } else {
      values.push([key, value]);
    }
  }
  const out: Record<string, unknown> = Object.fromEntries(meta);
  values.sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of values) {
    out[key] = value;
    for (const [kind, annotation] of Object.entries(annotations.get(key) ?? {})) out[`${key}@${kind}`] = annotation;
    annotations.delete(key);
  }
  // Annotations of columns that were not selected still carry information: keep them, last.
  for (const [key, forColumn] of annotations) {
    for (const [kind, annotation] of Object.entries(forColumn)) out[`${key}@${kind}`] = annotation;
  }
  return out;
}
