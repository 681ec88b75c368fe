// People write URLs as they read them (`$filter=name eq 'A&B'`); this encodes what must be encoded
// for Dataverse and leaves the OData punctuation readable. Existing %XX escapes are kept.

const KEEP = /[A-Za-z0-9\-._~!$'()*,;=:@/?[\]]/;

/** Encodes a target: spaces, quotes' `&`/`#`/`+`, non-ASCII, stray `%`; `&` between options stays. */
export function encodeTarget(text: string): string {
  let out = '';
  let inQuote = false;
  const queryStart = text.indexOf('?');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" && queryStart !== -1 && i > queryStart) inQuote = !inQuote;
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out += c;
      continue;
    }
    if (c === '&' && !inQuote) {
      out += c;
      continue;
    }
    if (KEEP.test(c)) {
      out += c;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      out += encodeURIComponent(c + text[++i]);
      continue;
    }
    out += code >= 0xd800 && code <= 0xdfff ? '%EF%BF%BD' : encodeURIComponent(c);
  }
  return out;
}
