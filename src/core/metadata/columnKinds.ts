// What each kind of column is called where people read it (explorer descriptions, completion
// details, hovers, generated code comments): the names the Power Apps maker portal uses.
import type { ColumnKind } from './model';

export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
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
  state: 'Status',
  status: 'Status reason',
  lookup: 'Lookup',
  customer: 'Customer',
  owner: 'Owner',
  uniqueIdentifier: 'Unique identifier',
  file: 'File',
  image: 'Image',
  entityName: 'Table name',
  partyList: 'Party list',
  managedProperty: 'Managed property',
  virtual: 'Virtual',
  other: 'Other',
};

const LOOKUP_KINDS: ReadonlySet<ColumnKind> = new Set(['lookup', 'customer', 'owner']);

/** Lookup, customer and owner columns: they point at rows of other tables (`_x_value`). */
export function isLookupKind(kind: ColumnKind): boolean {
  return LOOKUP_KINDS.has(kind);
}
