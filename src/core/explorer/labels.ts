// Short, readable labels for the explorer: a column's type as a developer says it, and whether it
// is required.
import * as l10n from '@vscode/l10n';
import type { ColumnInfo, RequiredLevel } from '../metadata/model';
import { COLUMN_KIND_LABELS, isLookupKind } from '../metadata/columnKinds';

export function columnTypeLabel(
  column: Pick<ColumnInfo, 'kind' | 'maxLength' | 'targets' | 'attributeTypeName'>,
): string {
  const base = COLUMN_KIND_LABELS[column.kind] ?? column.attributeTypeName;
  if ((column.kind === 'string' || column.kind === 'memo') && column.maxLength !== undefined) {
    return `${base}(${column.maxLength})`;
  }
  if (column.targets?.length && isLookupKind(column.kind)) {
    return `${base} → ${column.targets.join(', ')}`;
  }
  return base;
}

export function requiredLabel(level: RequiredLevel): string {
  if (level === 'SystemRequired' || level === 'ApplicationRequired') return l10n.t('required');
  if (level === 'Recommended') return l10n.t('recommended');
  return '';
}
