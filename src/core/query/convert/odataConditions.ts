// An OData $filter tree → a FetchXML filter: comparisons as conditions (null as null/not-null, column to
// column as valueof), contains/startswith/endswith as like with % _ [ escaped, not over those, the
// Microsoft.Dynamics.CRM query functions as their operators, and navigation paths through link-entities.
import * as l10n from '@vscode/l10n';
import type { TableIndex } from '../language/metadataIndex';
import { ConvertError, columnOf, type TableSource } from './conversion';
import type { FetchCond, FetchFilterNode } from './fetchModel';
import { navigationLink, type Navigations } from './navigation';
import type { FilterExpr, Literal, Operand } from './odataFilter';
import { FETCH_OPERATOR_OF, LIST_OPERATORS, NO_VALUE_OPERATORS } from './operators';

const FLIP: Readonly<Record<string, string>> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };
const NEGATE: Readonly<Record<string, string>> = { eq: 'ne', ne: 'eq', null: 'not-null', 'not-null': 'null' };

/** A SQL LIKE pattern that matches `text` literally. */
export function likeLiteral(text: string): string {
  return text.replace(/[[%_]/g, (c) => `[${c}]`);
}

function valueText(l: Literal): string {
  if (l.kind === 'bool') return l.text === 'true' ? '1' : '0';
  if (l.kind === 'number') return l.text.replace(/[mMlLdDfF]$/, '');
  return l.text;
}

export class FilterBuilder {
  constructor(
    private readonly root: TableIndex,
    private readonly source: TableSource,
    private readonly navs: Navigations,
  ) {}

  async build(e: FilterExpr): Promise<FetchFilterNode> {
    const node = await this.node(e);
    return 'operator' in node ? { type: 'and', items: [node] } : node;
  }

  private async node(e: FilterExpr): Promise<FetchCond | FetchFilterNode> {
    switch (e.k) {
      case 'and':
      case 'or': {
        const items: (FetchCond | FetchFilterNode)[] = [];
        for (const x of e.items) {
          const n = await this.node(x);
          if (!('operator' in n) && n.type === e.k) items.push(...n.items);
          else items.push(n);
        }
        return { type: e.k, items };
      }
      case 'not':
        return this.negated(e.e);
      case 'cmp':
        return this.comparison(e.op, e.l, e.r);
      case 'call':
        return this.like(e.name, e.args, false);
      case 'crm':
        return this.queryFunction(e.name, e.params);
    }
  }

  /** not over eq/ne/null and the text functions; other negations would change which rows with nulls match. */
  private async negated(e: FilterExpr): Promise<FetchCond> {
    if (e.k === 'call') return this.like(e.name, e.args, true);
    if (e.k === 'cmp' && (e.op === 'eq' || e.op === 'ne')) {
      const c = await this.comparison(e.op, e.l, e.r);
      if (!c.valueof && NEGATE[c.operator]) return { ...c, operator: NEGATE[c.operator]! };
    }
    throw new ConvertError(
      l10n.t(
        'FetchXML has no "not" over this expression; only not over eq, ne, contains, startswith and endswith converts exactly.',
      ),
    );
  }

  private async column(path: string[]): Promise<{ attribute: string; entityname?: string }> {
    if (path.length === 1) return { attribute: columnOf(this.root, path[0]!).column.logicalName };
    if (path.length !== 2) throw new ConvertError(l10n.t("FetchXML cannot follow the path '{0}'.", path.join('/')));
    const nav = await navigationLink(path[0]!, this.root, this.source, this.navs);
    return { attribute: columnOf(nav.index, path[1]!).column.logicalName, entityname: nav.link.alias! };
  }

  private async comparison(op: string, l: Operand, r: Operand): Promise<FetchCond> {
    if (l.k === 'lit' && r.k === 'prop') return this.comparison(FLIP[op]!, r, l);
    if (l.k !== 'prop') {
      throw new ConvertError(l10n.t('FetchXML compares a column with a value; two values cannot be converted.'));
    }
    const col = await this.column(l.path);
    if (r.k === 'prop') {
      if (col.entityname || r.path.length !== 1) {
        throw new ConvertError(l10n.t('FetchXML valueof compares two columns of the root table only here.'));
      }
      return { ...col, operator: op, values: [], valueof: columnOf(this.root, r.path[0]!).column.logicalName };
    }
    if (r.kind === 'null') {
      if (op !== 'eq' && op !== 'ne') {
        throw new ConvertError(l10n.t("'{0} null' matches no row; it has no FetchXML condition.", op));
      }
      return { ...col, operator: op === 'eq' ? 'null' : 'not-null', values: [] };
    }
    return { ...col, operator: op, values: [valueText(r)] };
  }

  private async like(name: string, args: Operand[], negate: boolean): Promise<FetchCond> {
    const [p, v] = args;
    if (args.length !== 2 || p?.k !== 'prop' || v?.k !== 'lit' || v.kind !== 'string') {
      throw new ConvertError(l10n.t("FetchXML converts {0}(column,'text') only.", name));
    }
    const text = likeLiteral(v.text);
    const pattern = name === 'contains' ? `%${text}%` : name === 'startswith' ? `${text}%` : `%${text}`;
    return { ...(await this.column(p.path)), operator: negate ? 'not-like' : 'like', values: [pattern] };
  }

  private async queryFunction(name: string, params: Map<string, Literal | Literal[]>): Promise<FetchCond> {
    const op = FETCH_OPERATOR_OF.get(name);
    if (!op) {
      throw new ConvertError(
        l10n.t('FetchXML has no operator for the query function Microsoft.Dynamics.CRM.{0}.', name),
      );
    }
    const prop = params.get('PropertyName');
    if (!prop || Array.isArray(prop) || prop.kind !== 'string') {
      throw new ConvertError(l10n.t('{0} needs {1}.', `Microsoft.Dynamics.CRM.${name}`, "PropertyName='column'"));
    }
    const col = await this.column([prop.text]);
    const many = params.get('PropertyValues');
    const one = params.get('PropertyValue');
    if (LIST_OPERATORS.has(op)) {
      if (!Array.isArray(many)) {
        throw new ConvertError(l10n.t('{0} needs {1}.', `Microsoft.Dynamics.CRM.${name}`, 'PropertyValues=[…]'));
      }
      return { ...col, operator: op, values: many.map(valueText) };
    }
    if (NO_VALUE_OPERATORS.has(op)) return { ...col, operator: op, values: [] };
    if (!one || Array.isArray(one)) {
      throw new ConvertError(l10n.t('{0} needs {1}.', `Microsoft.Dynamics.CRM.${name}`, 'PropertyValue=…'));
    }
    return { ...col, operator: op, values: [valueText(one)] };
  }
}
