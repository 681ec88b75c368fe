// A finished OData $filter expression as a tree, for converting it to FetchXML conditions: and/or/not,
// comparisons, contains/startswith/endswith and the Microsoft.Dynamics.CRM query functions. The
// scratchpad's lexer gives the tokens; anything else is a ConvertError that names what it met.
import * as l10n from '@vscode/l10n';
import { lexFilter, type FilterToken } from '../syntax/filterLexer';
import { ConvertError } from './conversion';

export type Literal =
  | { k: 'lit'; kind: 'string' | 'number' | 'guid' | 'date'; text: string }
  | { k: 'lit'; kind: 'bool'; text: 'true' | 'false' }
  | { k: 'lit'; kind: 'null'; text: 'null' };

export type Operand = { k: 'prop'; path: string[] } | Literal;

export type FilterExpr =
  | { k: 'and' | 'or'; items: FilterExpr[] }
  | { k: 'not'; e: FilterExpr }
  | { k: 'cmp'; op: string; l: Operand; r: Operand }
  | { k: 'call'; name: string; args: Operand[] }
  | { k: 'crm'; name: string; params: Map<string, Literal | Literal[]> };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const CALLS = new Set(['contains', 'startswith', 'endswith']);
export const CRM_PREFIX = 'Microsoft.Dynamics.CRM.';

class Parser {
  private i = 0;

  constructor(private readonly t: FilterToken[]) {}

  parse(): FilterExpr {
    const e = this.or();
    if (this.i < this.t.length) {
      throw new ConvertError(l10n.t("The {0} has unexpected text at '{1}'.", '$filter', this.t[this.i]!.text));
    }
    return e;
  }

  private word(w: string): boolean {
    const tok = this.t[this.i];
    if (tok?.kind === 'identifier' && tok.text === w) {
      this.i++;
      return true;
    }
    return false;
  }

  private next(): FilterToken {
    const tok = this.t[this.i++];
    if (!tok) throw new ConvertError(l10n.t('The {0} ends too early.', '$filter'));
    return tok;
  }

  private expect(kind: FilterToken['kind']): void {
    const tok = this.next();
    if (tok.kind !== kind) {
      throw new ConvertError(l10n.t("The {0} has '{1}' where it needs a {2}.", '$filter', tok.text, kind));
    }
  }

  private or(): FilterExpr {
    const items = [this.and()];
    while (this.word('or')) items.push(this.and());
    return items.length === 1 ? items[0]! : { k: 'or', items };
  }

  private and(): FilterExpr {
    const items = [this.unary()];
    while (this.word('and')) items.push(this.unary());
    return items.length === 1 ? items[0]! : { k: 'and', items };
  }

  private unary(): FilterExpr {
    if (this.word('not')) return { k: 'not', e: this.unary() };
    if (this.t[this.i]?.kind === 'open') {
      this.i++;
      const e = this.or();
      this.expect('close');
      return e;
    }
    const head = this.t[this.i];
    if (head?.kind === 'identifier' && this.t[this.i + 1]?.kind === 'open') return this.call();
    const l = this.operand();
    const op = this.next();
    if (op.kind !== 'identifier' || !COMPARISONS.has(op.text)) {
      throw new ConvertError(l10n.t("The {0} uses '{1}', which has no FetchXML condition here.", '$filter', op.text));
    }
    return { k: 'cmp', op: op.text, l, r: this.operand() };
  }

  private call(): FilterExpr {
    const name = this.next().text;
    this.expect('open');
    if (name.startsWith(CRM_PREFIX)) return this.crm(name.slice(CRM_PREFIX.length));
    if (!CALLS.has(name)) {
      throw new ConvertError(l10n.t('The {0} function {1}() has no FetchXML condition.', '$filter', name));
    }
    const args = [this.operand()];
    while (this.t[this.i]?.kind === 'comma') {
      this.i++;
      args.push(this.operand());
    }
    this.expect('close');
    return { k: 'call', name, args };
  }

  /** Microsoft.Dynamics.CRM.Name(PropertyName='x',PropertyValue=…|PropertyValues=[…]). */
  private crm(name: string): FilterExpr {
    const params = new Map<string, Literal | Literal[]>();
    while (this.t[this.i]?.kind !== 'close') {
      const key = this.next().text;
      this.expect('equals');
      if (this.t[this.i]?.text === '[') {
        this.i++;
        const list: Literal[] = [];
        while (this.t[this.i]?.text !== ']') {
          list.push(this.literal());
          if (this.t[this.i]?.kind === 'comma') this.i++;
        }
        this.i++;
        params.set(key, list);
      } else params.set(key, this.literal());
      if (this.t[this.i]?.kind === 'comma') this.i++;
    }
    this.expect('close');
    return { k: 'crm', name, params };
  }

  private literal(): Literal {
    const o = this.operand();
    if (o.k !== 'lit') {
      throw new ConvertError(l10n.t("The {0} has '{1}' where it needs a value.", '$filter', o.path.join('/')));
    }
    return o;
  }

  private operand(): Operand {
    const tok = this.next();
    switch (tok.kind) {
      case 'string':
        return { k: 'lit', kind: 'string', text: tok.text.slice(1, -1).replace(/''/g, "'") };
      case 'number':
      case 'guid':
      case 'date':
        return { k: 'lit', kind: tok.kind, text: tok.text };
      case 'identifier':
        if (tok.text === 'true' || tok.text === 'false') return { k: 'lit', kind: 'bool', text: tok.text };
        if (tok.text === 'null') return { k: 'lit', kind: 'null', text: 'null' };
        return { k: 'prop', path: this.path(tok.text) };
      default:
        throw new ConvertError(l10n.t("The {0} has '{1}' where it needs a column or a value.", '$filter', tok.text));
    }
  }

  private path(first: string): string[] {
    const out = [first];
    while (this.t[this.i]?.kind === 'slash') {
      this.i++;
      out.push(this.next().text);
    }
    return out;
  }
}

export function parseODataFilter(text: string): FilterExpr {
  return new Parser(lexFilter(text, 0, text.length)).parse();
}
