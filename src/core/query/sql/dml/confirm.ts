// The words of a SQL write's modal confirmation and of its closing summary. Whether to ask at all
// comes from runConsent (read-only refuses); a SQL write always asks, because the rows it changes
// are not in view: the question names the org, the table, the row count and the first names read.
import type { ConnectionSafety } from '../../run/runConsent';
import type { DmlStatement } from './statement';

export interface DmlPrompt {
  readonly message: string;
  readonly detail: string;
  /** The one button that writes. */
  readonly send: string;
}

/** How many primary names the confirmation lists. */
export const NAMES_SHOWN = 5;

const VERBS: Record<DmlStatement['kind'], string> = {
  insertValues: 'insert',
  insertSelect: 'insert',
  update: 'update',
  delete: 'delete',
};

function rows(n: number): string {
  return `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
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
  const place = `${production ? 'the PRODUCTION organization ' : ''}${where}`;
  const shown = names.slice(0, NAMES_SHOWN).map((n) => `• ${n}`);
  const more = count > shown.length ? [`… and ${(count - shown.length).toLocaleString('en-US')} more`] : [];
  const send = `${verb[0]!.toUpperCase()}${verb.slice(1)} ${rows(count)}${production ? ' in Production' : ''}`;
  return {
    message: `This SQL will ${verb} ${rows(count)} of ${statement.table} in ${place}. Continue?`,
    detail: [...shown, ...more].join('\n'),
    send,
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

/** One sentence for the end of a run. */
export function summaryText(statement: DmlStatement, tally: DmlTally): string {
  const verb = VERBS[statement.kind];
  const past = verb === 'insert' ? 'Inserted' : verb === 'update' ? 'Updated' : 'Deleted';
  const done = `${past} ${rows(tally.succeeded)} of ${tally.total} in ${statement.table}`;
  const failed = tally.failed ? `; ${rows(tally.failed)} failed` : '';
  const stopped = tally.notSent ? `; ${rows(tally.notSent)} not sent${tally.cancelled ? ' (cancelled)' : ''}` : '';
  return `${done}${failed}${stopped}.`;
}
