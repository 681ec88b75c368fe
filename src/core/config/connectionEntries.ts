// How a saved connection lands in the `dynamics365.connections` list: merged into the entry that is
// already there for its organization, so what the saving command does not set (the person's name for
// it, readOnly, production, a cloud) survives "Add Connection" run again or a sign-in that re-saves it.
import { parseOrgUrl, type OrgUrl } from '../org/orgUrl';
import { CONNECTION_AUTH, type ConnectionAuthentication } from './connection';

/**
 * The fields one sign-in method owns: they do not carry over to a different method (a client
 * secret's v1 endpoint would break a certificate's sign-in). The same method keeps them: an
 * interactive connection's own client id is the person's choice.
 */
const METHOD_FIELDS = ['clientId', 'certificatePath', 'endpointVersion'] as const;

type Entry = Record<string, unknown>;

/** The entry's sign-in method as settings read it (no field = interactive). */
function authenticationOf(entry: Entry): ConnectionAuthentication {
  const auth = entry.authentication;
  return (CONNECTION_AUTH as readonly unknown[]).includes(auth) ? (auth as ConnectionAuthentication) : 'interactive';
}

function isEntry(value: unknown): value is Entry {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a settings entry is for `org`, however its orgUrl was written (spaces, a Web API path, upper case). */
export function isEntryFor(entry: unknown, org: OrgUrl | undefined): entry is Entry {
  if (!org || !isEntry(entry)) return false;
  const written = parseOrgUrl(entry.orgUrl);
  return written.ok && written.value.equals(org);
}

/**
 * The list with `entry` saved. Its fields are written without the empty ones. An entry for the same
 * organization (the one with the same sign-in method when there are several, else the first) takes
 * the new fields in place and keeps every other field; when the sign-in method changes, the old
 * method's client id, certificate path and endpoint version go. Other entries, for this org or
 * others, are unchanged. With no entry for the org (or an org URL that does not parse) it is added at the end.
 */
export function withConnectionSaved(current: readonly unknown[], entry: Readonly<Entry>): unknown[] {
  const clean: Entry = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''));
  const org = parseOrgUrl(clean.orgUrl);
  const same = current
    .map((value, index) => ({ value, index }))
    .filter((c): c is { value: Entry; index: number } => isEntryFor(c.value, org.ok ? org.value : undefined));
  if (!same.length) return [...current, clean];
  const method = clean.authentication === undefined ? undefined : authenticationOf(clean);
  const target = same.find((c) => method !== undefined && authenticationOf(c.value) === method) ?? same[0]!;
  const merged: Entry = { ...target.value, ...clean };
  if (method !== undefined && authenticationOf(target.value) !== method) {
    for (const field of METHOD_FIELDS) if (!(field in clean)) delete merged[field];
  }
  return current.map((value, index) => (index === target.index ? merged : value));
}
