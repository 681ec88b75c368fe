// The words of a SQL write's modal confirmation and of its closing summary. Whether to ask at all
// comes from runConsent (read-only refuses); a SQL write always asks, because the rows it changes
// are not in view: the question names the org, the table, the row count and the first names read.
import * as l10n from '@vscode/l10n';
import type { ConnectionSafety } from '../../run/runConsent';
import type { DmlStatement } from './statement';
import { formatCount } from '../../../numberFormat';

export interface DmlPrompt {
  readonly message: string;
  readonly detail: string;
  /** The one button that writes. */
  readonly send: string;
}

/** How many primary names the confirmation lists. */
export const NAMES_SHOWN = 5;

type Verb = 'insert' | 'update' | 'delete';

const VERBS: Record<DmlStatement['kind'], Verb> = {
  insertValues: 'insert',
  insertSelect: 'insert',
  update: 'update',
  delete: 'delete',
};

function rows(n: number): string {
  const count = formatCount(n);
  return n === 1 ? l10n.t('{0} row', count) : l10n.t('{0} rows', count);
}

/** The question, one whole sentence per verb and place (`rows` is "3 rows"). */
function question(verb: Verb, production: boolean, rows: string, table: string, where: string): string {
  if (production) {
    if (verb === 'insert') {
      return l10n.t(
        'This SQL will insert {0} of {1} in the PRODUCTION organization {2}. Continue?',
        rows,
        table,
        where,
      );
    }
    if (verb === 'update') {
      return l10n.t(
        'This SQL will update {0} of {1} in the PRODUCTION organization {2}. Continue?',
        rows,
        table,
        where,
      );
    }
    return l10n.t('This SQL will delete {0} of {1} in the PRODUCTION organization {2}. Continue?', rows, table, where);
  }
  if (verb === 'insert') return l10n.t('This SQL will insert {0} of {1} in {2}. Continue?', rows, table, where);
  if (verb === 'update') return l10n.t('This SQL will update {0} of {1} in {2}. Continue?', rows, table, where);
  return l10n.t('This SQL will delete {0} of {1} in {2}. Continue?', rows, table, where);
}

/** The button that writes. */
function sendLabel(verb: Verb, production: boolean, rows: string): string {
  if (production) {
    if (verb === 'insert') return l10n.t('Insert {0} in Production', rows);
    if (verb === 'update') return l10n.t('Update {0} in Production', rows);
    return l10n.t('Delete {0} in Production', rows);
  }
  if (verb === 'insert') return l10n.t('Insert {0}', rows);
  if (verb === 'update') return l10n.t('Update {0}', rows);
  return l10n.t('Delete {0}', rows);
}

/**
 * The question before writing `count` rows of `table`. `where` names the connection
 * ("Sandbox (https://…)"); `names` are the first rows' primary names (or ids). Plain text: the caller shows it inert.
 */
export function dmlPrompt(
  statement: DmlStatement,
  count: number,
  names: readonly string[],
  where: string,
  connection: ConnectionSafety | undefined,
): DmlPrompt {
  const production = !!connection?.production;
  const verb = VERBS[statement.kind];
  const shown = names.slice(0, NAMES_SHOWN).map((n) => `• ${n}`);
  const more = count > shown.length ? [l10n.t('… and {0} more', formatCount(count - shown.length))] : [];
  return {
    message: question(verb, production, rows(count), statement.table, where),
    detail: [...shown, ...more].join('\n'),
    send: sendLabel(verb, production, rows(count)),
  };
}

export interface DmlTally {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Not sent: after Cancel, or after an answer that left the outcome unknown. */
  readonly notSent: number;
  readonly cancelled: boolean;
}

/** One sentence for the end of a run: what was done, then what failed or was not sent, as clauses. */
export function summaryText(statement: DmlStatement, tally: DmlTally): string {
  const verb = VERBS[statement.kind];
  const done = rows(tally.succeeded);
  const table = statement.table;
  const clauses = [
    verb === 'insert'
      ? l10n.t('Inserted {0} of {1} in {2}', done, formatCount(tally.total), table)
      : verb === 'update'
        ? l10n.t('Updated {0} of {1} in {2}', done, formatCount(tally.total), table)
        : l10n.t('Deleted {0} of {1} in {2}', done, formatCount(tally.total), table),
  ];
  if (tally.failed) clauses.push(l10n.t('{0} failed', rows(tally.failed)));
  if (tally.notSent) {
    clauses.push(
      tally.cancelled
        ? l10n.t('{0} not sent (cancelled)', rows(tally.notSent))
        : l10n.t('{0} not sent', rows(tally.notSent)),
    );
  }
  return `${clauses.join('; ')}.`;
}
