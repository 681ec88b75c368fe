// A minimal element tree for the FetchXML the translator writes: attributes in a fixed order and
// values escaped for an XML attribute or text, so a row value can never break out of its quotes.

export interface XmlElement {
  readonly name: string;
  readonly attrs: [string, string][];
  readonly children: XmlElement[];
  text?: string;
}

export function el(
  name: string,
  attrs: Record<string, string | undefined> = {},
  children: XmlElement[] = [],
): XmlElement {
  const list: [string, string][] = [];
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) list.push([k, v]);
  return { name, attrs: list, children };
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const SPECIAL = /[&<>"']/;

export function escapeXml(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : value;
}

export function serialize(e: XmlElement, indent = ''): string {
  const attrs = e.attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (e.text !== undefined) return `${indent}<${e.name}${attrs}>${escapeXml(e.text)}</${e.name}>`;
  if (e.children.length === 0) return `${indent}<${e.name}${attrs} />`;
  const inner = e.children.map((c) => serialize(c, `${indent}  `)).join('\n');
  return `${indent}<${e.name}${attrs}>\n${inner}\n${indent}</${e.name}>`;
}
