// Values read from earlier responses are outside data: a row's name must not add JSON properties,
// retarget a DELETE, add headers or FetchXML attributes. This encodes each such value for where it
// lands (JSON string, OData string literal, XML attribute…) and refuses one that would change the
// request's shape, with the range of its `{{…}}`. The user's own text goes in as written.
import * as l10n from '@vscode/l10n';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import type { Range } from '../syntax/text';
import { wellFormed } from './urlEncoding';

/** What a substituted text is: a URL, a header value, a JSON body, FetchXML or another body. */
export type Placement = 'url' | 'header' | 'json' | 'xml' | 'text';

export interface OutsideValue {
  /** The response reference the value came from: `list.response.body.value[0].name`. */
  readonly expression: string;
  /** The reference written in the text (differs when the value came through a variable). */
  readonly reference: string;
  /** Offsets of the `{{…}}` in the substituted text. */
  readonly start: number;
  readonly end: number;
}

export interface Piece {
  readonly text: string;
  /** Set for a value read from a response. */
  readonly outside?: OutsideValue;
}

/** Reads the user's text to know where the next outside value lands; encodes it or explains the refusal. */
interface Placer {
  literal(text: string): void;
  outside(value: string): { ok: true; text: string } | { ok: false; why: string };
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const KEYWORD = /^(true|false|null)$/;
const QUOTE_OR_BACKSLASH = /["\\]/g;

/** `rangeOf` maps offsets of the substituted text to the document (called only for an error). */
export function placePieces(
  pieces: readonly Piece[],
  where: Placement,
  rangeOf: (start: number, end: number) => Range,
): { text: string; errors: Diagnostic[] } {
  const placer = PLACERS[where]();
  const errors: Diagnostic[] = [];
  let text = '';
  for (const piece of pieces) {
    if (!piece.outside) {
      placer.literal(piece.text);
      text += piece.text;
      continue;
    }
    const placed = placer.outside(piece.text);
    if (placed.ok) text += placed.text;
    else {
      errors.push(
        diagnostic(
          'unsafe-value',
          'error',
          message(piece.outside, placed.why),
          rangeOf(piece.outside.start, piece.outside.end),
        ),
      );
    }
  }
  return { text, errors };
}

/** The value itself is left out: it is the org's text, and messages may be shown where links work. */
function message(o: OutsideValue, why: string): string {
  const value = `{{${o.expression}}}`;
  return o.reference === o.expression
    ? l10n.t('The value of {0} comes from a response, so it was not sent: {1}', value, why)
    : l10n.t(
        'The value of {0} (through {1}) comes from a response, so it was not sent: {2}',
        value,
        `{{${o.reference}}}`,
        why,
      );
}

const PLACERS: Record<Placement, () => Placer> = {
  url: urlPlacer,
  json: jsonPlacer,
  xml: xmlPlacer,
  header: headerPlacer,
  text: textPlacer,
};

/** In '…' an OData string (quotes doubled, then percent-encoded); elsewhere only a GUID, number or keyword. */
function urlPlacer(): Placer {
  let inQuote = false;
  return {
    literal(text) {
      for (let i = text.indexOf("'"); i !== -1; i = text.indexOf("'", i + 1)) inQuote = !inQuote;
    },
    outside(value) {
      if (inQuote) return { ok: true, text: encodeURIComponent(wellFormed(value.replace(/'/g, "''"))) };
      if (GUID.test(value) || NUMBER.test(value) || KEYWORD.test(value)) return { ok: true, text: value };
      return {
        ok: false,
        why: l10n.t(
          "outside quotes in the URL such a value may only be a GUID, a number, true, false or null, else it could change the request's target. Put the reference inside '…' to send it as an OData string.",
        ),
      };
    },
  };
}

/** Inside a JSON string: escaped for it. A bare value: only a JSON number, true, false or null. */
function jsonPlacer(): Placer {
  let inString = false;
  let escaped = false;
  return {
    literal(text) {
      // Only quotes and backslashes move the state; jump between them (bodies can be large).
      let i = 0;
      if (escaped && text.length > 0) [escaped, i] = [false, 1];
      QUOTE_OR_BACKSLASH.lastIndex = i;
      for (let m = QUOTE_OR_BACKSLASH.exec(text); m; m = QUOTE_OR_BACKSLASH.exec(text)) {
        if (m[0] === '"') inString = !inString;
        else if (inString && m.index + 1 < text.length) QUOTE_OR_BACKSLASH.lastIndex = m.index + 2;
        else if (inString) escaped = true;
      }
    },
    outside(value) {
      if (inString && escaped) {
        return {
          ok: false,
          why: l10n.t(
            'the reference follows a backslash in a JSON string, which would let the value end the string. Remove the backslash.',
          ),
        };
      }
      if (inString) return { ok: true, text: JSON.stringify(value).slice(1, -1) };
      if (NUMBER.test(value) || KEYWORD.test(value)) return { ok: true, text: value };
      return {
        ok: false,
        why: l10n.t(
          'as a bare JSON value such a value may only be a number, true, false or null, else it could change the body\'s shape. Put the reference inside quotes ("{{…}}") to send it as a string.',
        ),
      };
    },
  };
}

/** Between tags or in an attribute value: XML-escaped. Elsewhere in a tag: refused. */
function xmlPlacer(): Placer {
  let state: 'text' | 'tag' | '"' | "'" = 'text';
  return {
    literal(text) {
      for (const c of text) {
        if (state === 'text') state = c === '<' ? 'tag' : 'text';
        else if (state === 'tag') state = c === '"' || c === "'" ? c : c === '>' ? 'text' : 'tag';
        else if (c === state) state = 'tag';
      }
    },
    outside(value) {
      if (state === 'tag') {
        return {
          ok: false,
          why: l10n.t(
            'inside a FetchXML tag such a value may only go in an attribute value ("{{…}}") or between tags, where it is escaped.',
          ),
        };
      }
      return { ok: true, text: value.replace(/[&<>"']/g, (c) => XML_ENTITY[c]!) };
    },
  };
}

/** Line breaks and other control characters (a tab is allowed in a header value). */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function headerPlacer(): Placer {
  return {
    literal() {
      /* a header value has no inner structure to follow */
    },
    outside(value) {
      return hasControl(value)
        ? {
            ok: false,
            why: l10n.t(
              'it holds a line break or control character, which would add headers. A header value from a response must be one line.',
            ),
          }
        : { ok: true, text: value };
    },
  };
}

/** A body that is not JSON (text/plain…) is sent as written: the $batch encoder picks a boundary it does not contain. */
function textPlacer(): Placer {
  return {
    literal() {
      /* no structure */
    },
    outside: (value) => ({ ok: true, text: value }),
  };
}
