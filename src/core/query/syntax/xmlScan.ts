// A forgiving scan of XML tags with offsets, for FetchXML completion, hover and diagnostics while
// the user is still typing (fast-xml-parser validates the finished text but gives no offsets for
// attributes and stops at the first error).

export interface XmlAttribute {
  readonly name: string;
  readonly nameStart: number;
  /** Unquoted value; empty when the attribute has no value yet. */
  readonly value: string;
  /** Offsets of the value inside its quotes (equal when empty or missing). */
  readonly valueStart: number;
  readonly valueEnd: number;
  readonly hasValue: boolean;
}

export interface XmlTag {
  readonly name: string;
  readonly nameStart: number;
  /** Offset of `<`. */
  readonly start: number;
  /** Offset after `>`, or the end of the text when the tag is not finished. */
  readonly end: number;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly complete: boolean;
  readonly attributes: readonly XmlAttribute[];
}

export function scanXml(text: string): XmlTag[] {
  const tags: XmlTag[] = [];
  let i = text.indexOf('<');
  while (i !== -1 && i < text.length) {
    if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      i = close === -1 ? -1 : text.indexOf('<', close + 3);
      continue;
    }
    if (text[i + 1] === '?' || text[i + 1] === '!') {
      const close = text.indexOf('>', i);
      i = close === -1 ? -1 : text.indexOf('<', close + 1);
      continue;
    }
    const tag = scanTag(text, i);
    tags.push(tag);
    i = text.indexOf('<', tag.end > i ? tag.end : i + 1);
  }
  return tags;
}

function scanTag(text: string, start: number): XmlTag {
  let i = start + 1;
  const closing = text[i] === '/';
  if (closing) i++;
  const nameStart = i;
  while (i < text.length && /[^\s/>"'<=]/.test(text[i]!)) i++;
  const name = text.slice(nameStart, i);
  const attributes: XmlAttribute[] = [];
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const c = text[i];
    if (c === undefined || c === '<') {
      return { name, nameStart, start, end: i, closing, selfClosing: false, complete: false, attributes };
    }
    if (c === '>') {
      return { name, nameStart, start, end: i + 1, closing, selfClosing: false, complete: true, attributes };
    }
    if (c === '/' && text[i + 1] === '>') {
      return { name, nameStart, start, end: i + 2, closing, selfClosing: true, complete: true, attributes };
    }
    const attr = scanAttribute(text, i);
    if (attr) {
      attributes.push(attr.attribute);
      i = attr.next;
    } else {
      i++;
    }
  }
}

function scanAttribute(text: string, at: number): { attribute: XmlAttribute; next: number } | undefined {
  let i = at;
  while (i < text.length && /[^\s/>"'<=]/.test(text[i]!)) i++;
  if (i === at) return undefined;
  const name = text.slice(at, i);
  let j = i;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  if (text[j] !== '=') {
    return { attribute: { name, nameStart: at, value: '', valueStart: i, valueEnd: i, hasValue: false }, next: i };
  }
  j++;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  const quote = text[j];
  if (quote !== '"' && quote !== "'") {
    return { attribute: { name, nameStart: at, value: '', valueStart: j, valueEnd: j, hasValue: false }, next: j };
  }
  const valueStart = j + 1;
  let close = text.indexOf(quote, valueStart);
  const lt = text.indexOf('<', valueStart);
  if (close === -1 || (lt !== -1 && lt < close)) close = lt === -1 ? text.length : lt;
  const value = text.slice(valueStart, close);
  return {
    attribute: { name, nameStart: at, value, valueStart, valueEnd: close, hasValue: true },
    next: text[close] === quote ? close + 1 : close,
  };
}

/** The tags that enclose `offset`, outermost first (an unfinished tag at the offset is not included). */
export function openElementsAt(tags: readonly XmlTag[], offset: number): XmlTag[] {
  const stack: XmlTag[] = [];
  for (const tag of tags) {
    if (tag.start >= offset) break;
    if (tag.end > offset || !tag.complete) break;
    if (tag.closing) {
      const at = stack.map((t) => t.name).lastIndexOf(tag.name);
      if (at !== -1) stack.length = at;
    } else if (!tag.selfClosing) {
      stack.push(tag);
    }
  }
  return stack;
}

/** The tag whose text contains `offset` (inside `<…>`), if any. */
export function tagAt(tags: readonly XmlTag[], offset: number): XmlTag | undefined {
  for (const tag of tags) {
    if (tag.start < offset && (offset < tag.end || (!tag.complete && offset <= tag.end))) return tag;
    if (tag.start >= offset) break;
  }
  return undefined;
}
