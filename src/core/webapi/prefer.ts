// The Prefer header, built and read in one place: every request that asks for annotations, a page
// size or continue-on-error merges its preference into the caller's here, so no feature writes the
// header text itself and a preference the user typed is never dropped or doubled.

/** Dataverse's largest page; also its default. */
export const MAX_PAGE_SIZE = 5000;

/** Every annotation: formatted values, lookup names and types with each value. */
export const ALL_ANNOTATIONS = '*';

export interface Preferences {
  /** odata.maxpagesize */
  maxPageSize?: number;
  /** odata.include-annotations; false or absent: not asked. */
  annotations?: string | false;
  /** odata.continue-on-error (a $batch runs on after a failed request). */
  continueOnError?: boolean;
}

/**
 * Headers with our preferences merged into any Prefer the caller gave: ours replace the same
 * preference, the caller's others (return=representation, …) stay.
 */
export function withPrefer(
  headers: Readonly<Record<string, string>> | undefined,
  prefs: Preferences,
): Record<string, string> {
  const out: Record<string, string> = {};
  let existing = '';
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'prefer') existing = existing ? `${existing},${value}` : value;
    else out[name] = value;
  }
  const ours: string[] = [];
  if (prefs.annotations) ours.push(`odata.include-annotations="${prefs.annotations.replace(/"/g, '')}"`);
  if (prefs.maxPageSize !== undefined) ours.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs.continueOnError) ours.push('odata.continue-on-error');
  const replaced = new Set(ours.map(preferenceName));
  const kept = splitPreferences(existing).filter((p) => !replaced.has(preferenceName(p)));
  const prefer = [...kept, ...ours].join(',');
  if (prefer) out.Prefer = prefer;
  return out;
}

/** Every annotation unless the request already says what it prefers (then it is sent as written). */
export function withDefaultAnnotations(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return hasPrefer(headers) ? { ...headers } : withPrefer(headers, { annotations: ALL_ANNOTATIONS });
}

export function hasPrefer(headers: Readonly<Record<string, string>> | undefined): boolean {
  return Object.keys(headers ?? {}).some((k) => k.toLowerCase() === 'prefer');
}

/** `odata.maxpagesize=N` of the Prefer headers, when it is a valid page size. */
export function pageSizeOf(headers: Readonly<Record<string, string>>): number | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'prefer') continue;
    for (const pref of splitPreferences(value)) {
      const m = /^\s*odata\.maxpagesize\s*=\s*(\d+)\s*$/i.exec(pref);
      const size = m ? Number(m[1]) : NaN;
      if (size >= 1 && size <= MAX_PAGE_SIZE) return size;
    }
  }
  return undefined;
}

/** Splits a Prefer header at commas outside quotes. */
export function splitPreferences(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === ',' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

function preferenceName(preference: string): string {
  return preference.split('=')[0]!.trim().toLowerCase();
}
