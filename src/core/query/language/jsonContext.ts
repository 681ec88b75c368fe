// Where a cursor is inside a request's JSON body, found by scanning the text before it once: the
// chain of property names from the top-level object down (for deep inserts), whether a property name
// or a value is expected there, the names already written in that object, and the word being typed.
// Forgiving on purpose: the body is being typed, so it is rarely valid JSON yet.

export type JsonSlot =
  /** A property name: inside its quotes (`quoted`) or a bare word where a name belongs. */
  | { readonly kind: 'key'; readonly quoted: boolean; readonly start: number; readonly end: number }
  /** A property's value, after `"name":`; `quoted` when the cursor is inside a string value. */
  | {
      readonly kind: 'value';
      readonly key: string;
      readonly quoted: boolean;
      readonly start: number;
      readonly end: number;
    };

export interface JsonContext {
  readonly slot: JsonSlot;
  /**
   * Property names leading from the top-level object to the object the cursor is in: [] at the top
   * level, ['primarycontactid'] inside `"primarycontactid": { … }`, ['contact_customer_accounts'] in an
   * object of that array.
   */
  readonly path: readonly string[];
  /** Property names already written in the cursor's object (before the cursor). */
  readonly keys: ReadonlySet<string>;
}

interface Frame {
  readonly array: boolean;
  /** The property this object or array is the value of. */
  readonly parentKey?: string;
  expect: 'key' | 'colon' | 'value' | 'comma';
  lastKey?: string;
  readonly keys: Set<string>;
}

const WORD = /[\w.@$-]/;

/** The context at `offset`; undefined outside the body's objects or where nothing can be offered. */
export function jsonContextAt(text: string, offset: number): JsonContext | undefined {
  const stack: Frame[] = [];
  let stringStart = -1;
  for (let i = 0; i < offset; i++) {
    const ch = text[i]!;
    const top = stack[stack.length - 1];
    if (stringStart !== -1) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        if (top) endString(top, text.slice(stringStart + 1, i));
        stringStart = -1;
      }
      continue;
    }
    if (ch === '"') stringStart = i;
    else if (ch === '{' || ch === '[') {
      stack.push({
        array: ch === '[',
        parentKey: top && !top.array ? top.lastKey : top?.parentKey,
        expect: ch === '[' ? 'value' : 'key',
        keys: new Set(),
      });
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) parent.expect = 'comma';
    } else if (top && ch === ':' && !top.array) top.expect = 'value';
    else if (top && ch === ',') top.expect = top.array ? 'value' : 'key';
    else if (top && top.expect === 'value' && !/\s/.test(ch)) {
      // A number, true, false or null: the value ends where the word does.
      let j = i;
      while (j < offset && WORD.test(text[j]!)) j++;
      if (j === offset) break;
      top.expect = 'comma';
      i = Math.max(i, j - 1);
    }
  }
  const top = stack[stack.length - 1];
  if (!top || top.array) return undefined;
  const path = stack
    .slice(1)
    .filter((f) => !f.array)
    .map((f) => f.parentKey ?? '');
  return slotAt(text, offset, top, stringStart, path);
}

function endString(frame: Frame, value: string): void {
  if (frame.array) {
    frame.expect = 'comma';
  } else if (frame.expect === 'key') {
    frame.lastKey = value;
    frame.keys.add(value);
    frame.expect = 'colon';
  } else {
    frame.expect = 'comma';
  }
}

function slotAt(
  text: string,
  offset: number,
  top: Frame,
  stringStart: number,
  path: string[],
): JsonContext | undefined {
  const keys = top.keys;
  if (stringStart !== -1) {
    const close = closingQuote(text, offset);
    if (top.expect === 'key') {
      return { slot: { kind: 'key', quoted: true, start: stringStart + 1, end: close }, path, keys };
    }
    if (top.expect === 'value' && top.lastKey !== undefined) {
      return {
        slot: { kind: 'value', key: top.lastKey, quoted: true, start: stringStart + 1, end: close },
        path,
        keys,
      };
    }
    return undefined;
  }
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && WORD.test(text[end]!)) end++;
  if (top.expect === 'key') return { slot: { kind: 'key', quoted: false, start, end }, path, keys };
  if (top.expect === 'value' && top.lastKey !== undefined) {
    return { slot: { kind: 'value', key: top.lastKey, quoted: false, start, end }, path, keys };
  }
  return undefined;
}

/** The end of the string the cursor is in: its closing quote on the same line, else the line's end. */
function closingQuote(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"' || ch === '\n') return i;
  }
  return text.length;
}
