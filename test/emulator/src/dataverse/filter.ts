// OData $filter: a small recursive-descent parser and an evaluator over plain values.
import { badQuery } from './errors';

export type Expr =
  | { k: 'or' | 'and'; l: Expr; r: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'cmp'; op: CmpOp; l: Expr; r: Expr }
  | { k: 'prop'; path: string[] }
  | { k: 'lit'; v: unknown }
  | { k: 'fn'; name: string; args: Expr[] };

export type CmpOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

interface Token {
  t: 'lit' | 'id' | '(' | ')' | ',';
  v: unknown;
  pos: number;
}

const TOKEN_RE = new RegExp(
  [
    String.raw`(?<ws>\s+)`,
    String.raw`(?<str>'(?:[^']|'')*')`,
    String.raw`(?<enm>[A-Za-z_][\w.]*'(?:[^']|'')*')`,
    String.raw`(?<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))`,
    String.raw`(?<date>\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)`,
    String.raw`(?<num>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMlLdDfF]?)`,
    String.raw`(?<id>[A-Za-z_$@][\w.$@]*(?:/[A-Za-z_$][\w.$]*)*)`,
    String.raw`(?<punc>[(),])`,
  ].join('|'),
  'y',
);

function unquote(s: string): string {
  return s.slice(1, -1).replace(/''/g, "'");
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < text.length) {
    const pos = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(text);
    if (!m?.groups) {
      throw badQuery(`Syntax error at position ${pos} in '${text}'.`);
    }
    const g = m.groups;
    if (g['ws']) continue;
    if (g['str'] !== undefined) out.push({ t: 'lit', v: unquote(g['str']), pos });
    else if (g['enm']) out.push({ t: 'lit', v: unquote(g['enm'].slice(g['enm'].indexOf("'"))), pos });
    else if (g['guid']) out.push({ t: 'lit', v: g['guid'].toLowerCase(), pos });
    else if (g['date']) out.push({ t: 'lit', v: g['date'], pos });
    else if (g['num']) out.push({ t: 'lit', v: Number(g['num'].replace(/[mMlLdDfF]$/, '')), pos });
    else if (g['id']) out.push(keyword(g['id'], pos));
    else out.push({ t: g['punc'] as '(' | ')' | ',', v: g['punc'], pos });
  }
  return out;
}

function keyword(id: string, pos: number): Token {
  if (id === 'true' || id === 'false') return { t: 'lit', v: id === 'true', pos };
  if (id === 'null') return { t: 'lit', v: null, pos };
  return { t: 'id', v: id, pos };
}

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCS = new Set(['contains', 'startswith', 'endswith', 'tolower', 'toupper']);

export class FilterParser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly text: string,
    private readonly checkProperty: (path: string[]) => void = () => undefined,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): Expr {
    const e = this.or();
    if (this.i < this.tokens.length) {
      this.fail(this.tokens[this.i]!.pos);
    }
    return e;
  }

  private fail(pos = this.text.length): never {
    throw badQuery(`Syntax error at position ${pos} in '${this.text}'.`);
  }

  private peekId(word: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'id' && t.v === word;
  }

  private or(): Expr {
    let l = this.and();
    while (this.peekId('or')) {
      this.i++;
      l = { k: 'or', l, r: this.and() };
    }
    return l;
  }

  private and(): Expr {
    let l = this.unary();
    while (this.peekId('and')) {
      this.i++;
      l = { k: 'and', l, r: this.unary() };
    }
    return l;
  }

  private unary(): Expr {
    if (this.peekId('not')) {
      this.i++;
      return { k: 'not', e: this.unary() };
    }
    const l = this.primary();
    const t = this.tokens[this.i];
    if (t?.t === 'id' && CMP.has(String(t.v))) {
      this.i++;
      return { k: 'cmp', op: t.v as CmpOp, l, r: this.primary() };
    }
    return l;
  }

  private primary(): Expr {
    const t = this.tokens[this.i++];
    if (!t) this.fail();
    if (t.t === 'lit') return { k: 'lit', v: t.v };
    if (t.t === '(') {
      const e = this.or();
      this.expect(')');
      return e;
    }
    if (t.t !== 'id') this.fail(t.pos);
    const name = String(t.v);
    if (this.tokens[this.i]?.t === '(' && FUNCS.has(name)) {
      this.i++;
      const args: Expr[] = [this.or()];
      while (this.tokens[this.i]?.t === ',') {
        this.i++;
        args.push(this.or());
      }
      this.expect(')');
      return { k: 'fn', name, args };
    }
    const path = name.split('/');
    this.checkProperty(path);
    return { k: 'prop', path };
  }

  private expect(t: Token['t']): void {
    const tok = this.tokens[this.i];
    if (tok?.t !== t) this.fail(tok?.pos);
    this.i++;
  }
}

export function parseFilter(text: string, checkProperty?: (path: string[]) => void): Expr {
  return new FilterParser(text, checkProperty).parse();
}

/** Properties a filter reads (first path segment), so the caller knows which columns to compute. */
export function filterProperties(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.k) {
    case 'or':
    case 'and':
      filterProperties(e.l, out);
      filterProperties(e.r, out);
      break;
    case 'not':
      filterProperties(e.e, out);
      break;
    case 'cmp':
      filterProperties(e.l, out);
      filterProperties(e.r, out);
      break;
    case 'fn':
      e.args.forEach((a) => filterProperties(a, out));
      break;
    case 'prop':
      out.add(e.path[0]!);
      break;
    default:
      break;
  }
  return out;
}

export type Getter = (path: string[]) => unknown;

function norm(v: unknown): unknown {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(norm(a)),
    sb = String(norm(b));
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function evaluate(e: Expr, get: Getter): unknown {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'prop':
      return get(e.path);
    case 'and':
      return evaluate(e.l, get) === true && evaluate(e.r, get) === true;
    case 'or':
      return evaluate(e.l, get) === true || evaluate(e.r, get) === true;
    case 'not':
      return evaluate(e.e, get) !== true;
    case 'cmp':
      return compare(e.op, evaluate(e.l, get), evaluate(e.r, get));
    case 'fn':
      return callFn(
        e.name,
        e.args.map((a) => evaluate(a, get)),
      );
  }
}

function compare(op: CmpOp, a: unknown, b: unknown): boolean {
  const nullish = a === null || a === undefined || b === null || b === undefined;
  if (op === 'eq') return nullish ? (a ?? null) === (b ?? null) : compareValues(a, b) === 0;
  if (op === 'ne') return nullish ? (a ?? null) !== (b ?? null) : compareValues(a, b) !== 0;
  if (nullish) return false;
  const c = compareValues(a, b);
  return op === 'gt' ? c > 0 : op === 'ge' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
}

function callFn(name: string, args: unknown[]): unknown {
  const [a, b] = args.map((x) => (x === null || x === undefined ? null : String(x).toLowerCase()));
  switch (name) {
    case 'contains':
      return a !== null && b !== null && a.includes(b);
    case 'startswith':
      return a !== null && b !== null && a.startsWith(b);
    case 'endswith':
      return a !== null && b !== null && a.endsWith(b);
    case 'tolower':
    case 'toupper':
      return a;
    case 'like':
      return a !== null && b !== null && likeToRegExp(b).test(a);
    case 'in':
      return a !== null && args.slice(1).some((x) => String(x).toLowerCase() === a);
    default:
      return false;
  }
}

/** SQL LIKE (% and _ wildcards, [] left literal) to an anchored, case-insensitive RegExp. */
export function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|\\[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}
