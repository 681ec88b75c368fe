// People write URLs as they read them (`$filter=name eq 'A&B'`); this encodes what must be encoded
// for Dataverse and leaves the OData punctuation readable. Existing %XX escapes are kept.

const KEEP = /[A-Za-z0-9\-._~!$'()*,;=:@/?[\]]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text that encodeURIComponent accepts: a lone surrogate (half an emoji) becomes U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Encodes a target: spaces, quotes' `&`/`#`/`+`, non-ASCII, stray `%`; `&` between options stays. */
export function encodeTarget(input: string): string {
  const text = wellFormed(input);
  let out = '';
  let inQuote = false;
  const queryStart = text.indexOf('?');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'" && queryStart !== -1 && i > queryStart) inQuote = !inQuote;
    if ((c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) || (c === '&' && !inQuote) || KEEP.test(c)) {
      out += c;
      continue;
    }
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff) {
      out += encodeURIComponent(c + text[++i]);
      continue;
    }
    out += encodeURIComponent(c);
  }
  return out;
}
