// Checks a <fetch> block against metadata: entity and link-entity names, the columns of
// attribute/order/condition/link-entity from and to (by logical name, on the right table),
// condition operators, and choice values.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { FETCH_OPERATORS } from './catalog';
import { checkColumn, type NameProblem } from './columnCheck';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import { tableForTag, tableNamed, entityScope } from './fetchContext';
import type { TableIndex } from './metadataIndex';
import { closest } from '../syntax/names';
import { blockPosition, type BlockText } from '../syntax/syntax';
import type { QuickFix, Range } from '../syntax/text';
import { scanXml, type XmlAttribute, type XmlTag } from '../syntax/xmlScan';

const OPERATORS = new Set(FETCH_OPERATORS);
const COLUMN_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  attribute: ['name'],
  order: ['attribute'],
  condition: ['attribute', 'valueof'],
};

export function fetchDiagnostics(block: BlockText, metadata: MetadataSnapshot): Diagnostic[] {
  if (metadata.tables.length === 0) return [];
  const out: Diagnostic[] = [];
  const range = (a: XmlAttribute): Range => ({
    start: blockPosition(block, a.valueStart),
    end: blockPosition(block, a.valueEnd),
  });
  const report = (p: NameProblem, a: XmlAttribute): void => {
    const fixes: QuickFix[] = [p.replacement, ...(p.alternatives ?? [])]
      .filter((x): x is string => !!x)
      .map((newText) => ({ title: l10n.t('Change to "{0}"', newText), edits: [{ range: range(a), newText }] }));
    out.push(diagnostic(p.code, p.severity, p.message, range(a), fixes));
  };
  const tags = scanXml(block.text);
  for (const tag of tags) {
    if (tag.closing) continue;
    const attr = (name: string): XmlAttribute | undefined =>
      tag.attributes.find((a) => a.name === name && a.hasValue && a.value && !a.value.includes('{{'));
    if (tag.name === 'entity' || tag.name === 'link-entity') {
      const name = attr('name');
      if (name) tableName(metadata, name, report);
    }
    if (tag.name === 'link-entity') {
      const own = tableNamed(metadata, attr('name')?.value);
      const parent = tableNamed(metadata, entityScope(tags, tag).own);
      column(own, attr('from'), report);
      column(parent, attr('to'), report);
      continue;
    }
    const table = COLUMN_ATTRIBUTES[tag.name] ? tableForTag(tags, tag, metadata) : undefined;
    for (const name of COLUMN_ATTRIBUTES[tag.name] ?? []) column(table, attr(name), report);
    if (tag.name === 'condition') condition(tag, table, attr('operator'), attr('value'), out, range);
  }
  return out;
}

function tableName(
  metadata: MetadataSnapshot,
  a: XmlAttribute,
  report: (p: NameProblem, a: XmlAttribute) => void,
): void {
  const table = metadata.tableByLogicalName(a.value);
  if (table && table.logicalName === a.value) return;
  if (table) {
    report(
      {
        code: 'schema-name',
        severity: 'error',
        replacement: table.logicalName,
        message: l10n.t('FetchXML names tables by logical name: use "{0}".', table.logicalName),
      },
      a,
    );
    return;
  }
  const bySet = metadata.tableByEntitySetName(a.value);
  if (bySet) {
    report(
      {
        code: 'unknown-table',
        severity: 'error',
        replacement: bySet.logicalName,
        message: l10n.t(
          '"{0}" is an entity set name; FetchXML uses the logical name "{1}".',
          a.value,
          bySet.logicalName,
        ),
      },
      a,
    );
    return;
  }
  const alternatives = closest(
    a.value,
    metadata.tables.map((t) => t.logicalName),
  );
  report(
    {
      code: 'unknown-table',
      severity: 'warning',
      alternatives,
      message: alternatives.length
        ? l10n.t('No table "{0}" in this organization\'s metadata. Did you mean "{1}"?', a.value, alternatives[0]!)
        : l10n.t('No table "{0}" in this organization\'s metadata.', a.value),
    },
    a,
  );
}

function column(
  table: TableIndex | undefined,
  a: XmlAttribute | undefined,
  report: (p: NameProblem, a: XmlAttribute) => void,
): void {
  if (!table || !a) return;
  const p = checkColumn(table, a.value, 'fetch');
  if (p) report(p, a);
}

function condition(
  tag: XmlTag,
  table: TableIndex | undefined,
  operator: XmlAttribute | undefined,
  value: XmlAttribute | undefined,
  out: Diagnostic[],
  range: (a: XmlAttribute) => Range,
): void {
  if (operator && !OPERATORS.has(operator.value)) {
    const alternatives = closest(operator.value, OPERATORS);
    out.push(
      diagnostic(
        'unknown-operator',
        'error',
        alternatives.length
          ? l10n.t('"{0}" is not a FetchXML condition operator. Did you mean "{1}"?', operator.value, alternatives[0]!)
          : l10n.t('"{0}" is not a FetchXML condition operator.', operator.value),
        range(operator),
        alternatives.map((a) => ({
          title: l10n.t('Change to "{0}"', a),
          edits: [{ range: range(operator), newText: a }],
        })),
      ),
    );
  }
  const columnName = tag.attributes.find((a) => a.name === 'attribute')?.value;
  const entry = table && columnName ? table.column(columnName) : undefined;
  if (
    !table ||
    !entry ||
    !value ||
    !/^-?\d+$/.test(value.value) ||
    !['choice', 'state', 'status'].includes(entry.column.kind)
  ) {
    return;
  }
  const options = table.choiceOf(entry.column)?.options;
  if (!options || options.length === 0 || options.some((o) => String(o.value) === value.value)) return;
  out.push(
    diagnostic(
      'unknown-choice-value',
      'warning',
      l10n.t(
        '{0} is not a value of {1} ({2}).',
        value.value,
        entry.column.logicalName,
        `${options
          .slice(0, 6)
          .map((o) => `${o.value} ${o.label}`)
          .join(', ')}${options.length > 6 ? ', …' : ''}`,
      ),
      range(value),
    ),
  );
}
