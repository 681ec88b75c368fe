// FetchXML text as a small element tree (name, attributes, text, children, offset), built on the
// forgiving tag scanner, for the FetchXML → SQL conversion.
import { scanXml } from '../syntax/xmlScan';

export interface FetchNode {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: FetchNode[];
  readonly start: number;
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The root element, or undefined when the text has no element; unbalanced tags are closed where they end. */
export function fetchTree(xml: string): FetchNode | undefined {
  const tags = scanXml(xml);
  const root: FetchNode = { name: '#root', attrs: new Map(), children: [], start: 0, text: '' };
  const stack: FetchNode[] = [root];
  for (const [i, tag] of tags.entries()) {
    if (tag.closing) {
      const at = stack.map((n) => n.name).lastIndexOf(tag.name);
      if (at > 0) stack.length = at;
      continue;
    }
    const node: FetchNode = {
      name: tag.name,
      attrs: new Map(tag.attributes.map((a) => [a.name.toLowerCase(), unescapeXml(a.value)])),
      children: [],
      start: tag.start,
      text: '',
    };
    stack[stack.length - 1]!.children.push(node);
    if (!tag.selfClosing) {
      const next = tags[i + 1];
      node.text = unescapeXml(xml.slice(tag.end, next ? next.start : xml.length)).trim();
      stack.push(node);
    }
  }
  return root.children[0];
}
