// The outline of a JSON body with the offsets of every property name, for diagnostics that point at
// a name. `{{…}}` references are read as null (same length, so offsets stay the document's); text
// that is not JSON has no outline (running it reports that).

export type JsonOutline =
  | { readonly kind: 'object'; readonly start: number; readonly properties: readonly JsonProperty[] }
  | { readonly kind: 'array'; readonly start: number; readonly items: readonly JsonOutline[] }
  | { readonly kind: 'string' | 'number' | 'literal'; readonly start: number };

export interface JsonProperty {
  readonly name: string;
  /** Offsets of the name between its quotes. */
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly value: JsonOutline;
}

export function jsonOutline(text: string): JsonOutline | undefined {
  const plain = text.replace(/\{\{[^}]*\}\}/g, (ref) => 'null'.padEnd(ref.length, ' '));
  try {
    JSON.parse(plain);
  } catch {
    return undefined;
  }
  return new Walker(plain).value();
}

/** Reads text JSON.parse accepted, so it only has to find where things are. */
class Walker {
  private i = 0;

  constructor(private readonly text: string) {}

  value(): JsonOutline {
    this.skipSpace();
    const start = this.i;
    const ch = this.text[this.i];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') {
      this.string();
      return { kind: 'string', start };
    }
    while (this.i < this.text.length && /[^\s,\]}]/.test(this.text[this.i]!)) this.i++;
    return { kind: /[-\d]/.test(ch ?? '') ? 'number' : 'literal', start };
  }

  private object(): JsonOutline {
    const start = this.i++;
    const properties: JsonProperty[] = [];
    for (this.skipSpace(); this.text[this.i] !== '}'; this.skipSpace()) {
      if (this.text[this.i] === ',') {
        this.i++;
        this.skipSpace();
      }
      const nameStart = this.i + 1;
      const name = this.string();
      const nameEnd = this.i - 1;
      this.skipSpace();
      this.i++; // ':'
      properties.push({ name, nameStart, nameEnd, value: this.value() });
    }
    this.i++;
    return { kind: 'object', start, properties };
  }

  private array(): JsonOutline {
    const start = this.i++;
    const items: JsonOutline[] = [];
    for (this.skipSpace(); this.text[this.i] !== ']'; this.skipSpace()) {
      if (this.text[this.i] === ',') this.i++;
      items.push(this.value());
    }
    this.i++;
    return { kind: 'array', start, items };
  }

  /** Reads a string from its opening quote; returns its value. */
  private string(): string {
    const start = this.i;
    this.i++;
    while (this.text[this.i] !== '"') this.i += this.text[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }
}
