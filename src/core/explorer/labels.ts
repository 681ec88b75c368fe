// Short, readable labels for the explorer: a column's type as a developer says it, and whether it
// is required.
import type { ColumnInfo, RequiredLevel } from '../metadata/model';

const KIND_LABELS: Record<ColumnInfo['kind'], string> = {
  string: 'Text',
  memo: 'Multiline text',
  integer: 'Whole number',
  bigInt: 'Big integer',
  decimal: 'Decimal',
  double: 'Float',
  money: 'Currency',
  boolean: 'Yes/No',
  dateTime: 'Date and time',
  choice: 'Choice',
  multiChoice: 'Choices',
  state: 'State',
  status: 'Status reason',
  lookup: 'Lookup',
  customer: 'Customer',
  owner: 'Owner',
  uniqueIdentifier: 'Unique identifier',
  file: 'File',
  image: 'Image',
  entityName: 'Table name',
  partyList: 'Activity party',
  managedProperty: 'Managed property',
  virtual: 'Virtual',
  other: 'Other',
};

export function columnTypeLabel(
  column: Pick<ColumnInfo, 'kind' | 'maxLength' | 'targets' | 'attributeTypeName'>,
): string {
  const base = KIND_LABELS[column.kind] ?? column.attributeTypeName;
  if ((column.kind === 'string' || column.kind === 'memo') && column.maxLength !== undefined) {
    return `${base}(${column.maxLength})`;
  }
  if (column.targets?.length && (column.kind === 'lookup' || column.kind === 'customer' || column.kind === 'owner')) {
    return `${base} → ${column.targets.join(', ')}`;
  }
  return base;
}

export function requiredLabel(level: RequiredLevel): string {
  if (level === 'SystemRequired' || level === 'ApplicationRequired') return 'required';
  if (level === 'Recommended') return 'recommended';
  return '';
}
