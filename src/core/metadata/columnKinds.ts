// What each kind of column is called where people read it (explorer descriptions, completion
// details, hovers, generated code comments): the names the Power Apps maker portal uses.
import * as l10n from '@vscode/l10n';
import type { ColumnKind } from './model';

// Getters, so a label is translated when it is read, in the display language configured by then.
export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  get string() {
    return l10n.t('Text');
  },
  get memo() {
    return l10n.t('Multiline text');
  },
  get integer() {
    return l10n.t('Whole number');
  },
  get bigInt() {
    return l10n.t('Big integer');
  },
  get decimal() {
    return l10n.t('Decimal');
  },
  get double() {
    return l10n.t('Float');
  },
  get money() {
    return l10n.t('Currency');
  },
  get boolean() {
    return l10n.t('Yes/No');
  },
  get dateTime() {
    return l10n.t('Date and time');
  },
  get choice() {
    return l10n.t('Choice');
  },
  get multiChoice() {
    return l10n.t('Choices');
  },
  get state() {
    return l10n.t('Status');
  },
  get status() {
    return l10n.t('Status reason');
  },
  get lookup() {
    return l10n.t('Lookup');
  },
  get customer() {
    return l10n.t('Customer');
  },
  get owner() {
    return l10n.t('Owner');
  },
  get uniqueIdentifier() {
    return l10n.t('Unique identifier');
  },
  get file() {
    return l10n.t('File');
  },
  get image() {
    return l10n.t('Image');
  },
  get entityName() {
    return l10n.t('Table name');
  },
  get partyList() {
    return l10n.t('Party list');
  },
  get managedProperty() {
    return l10n.t('Managed property');
  },
  get virtual() {
    return l10n.t('Virtual');
  },
  get other() {
    return l10n.t('Other');
  },
};

const LOOKUP_KINDS: ReadonlySet<ColumnKind> = new Set(['lookup', 'customer', 'owner']);

/** Lookup, customer and owner columns: they point at rows of other tables (`_x_value`). */
export function isLookupKind(kind: ColumnKind): boolean {
  return LOOKUP_KINDS.has(kind);
}
