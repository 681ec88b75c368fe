// Turning names and labels from an organization into TypeScript identifiers, string literals and
// comments that compile whatever the org put in them: labels are untrusted text in any language.

/** PascalCase of a logical or schema name or a label; letters and digits of any script are kept. */
export function pascalCase(text: string): string {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return joined;
}

/** A valid identifier from a label or name: never empty, never starting with a digit. */
export function identifier(text: string, fallback: string): string {
  let id = pascalCase(text);
  if (!id) id = fallback;
  if (/^\p{N}/u.test(id)) id = `_${id}`;
  // Enum members may not be named after these numeric globals.
  if (id === 'Infinity' || id === 'NaN') id = `${id}_`;
  return id;
}

/** A string literal (JSON's escaping is valid TypeScript). */
export function literal(text: string): string {
  return JSON.stringify(text);
}

/** Text inside a template literal type: backslashes, backticks and `${` escaped. */
export function templateText(text: string): string {
  return text.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
}

/** A property name: bare when it is an identifier, quoted otherwise (annotations, `@odata.bind`). */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
}

/** Text for a `/** … *\/` comment on one line: no comment terminator, no line breaks. */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\*\//g, '*\\/')
    .trim();
}

/** Hands out identifiers unique in one scope, the first asker keeping the plain name. */
export class NameScope {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r.toLowerCase());
  }

  take(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}
