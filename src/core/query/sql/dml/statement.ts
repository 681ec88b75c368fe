// The typed shape of a SQL write (INSERT / UPDATE / DELETE) once parsed and its WHERE translated to
// FetchXML, the option lines a write block may carry, and the guards checked before any row is read
// or written: an UPDATE or DELETE without WHERE is refused unless the block says `-- allow: all rows`.
import * as l10n from '@vscode/l10n';
import { UserError } from '../../../userError';

/** A value written in the statement: 'text', 12, 1.5, TRUE / FALSE, NULL. */
export type SqlLiteral = string | number | boolean | null;

/** Where a written value comes from: a literal, or a column of the row read for it ("name", "c.fullname"). */
export type ValueSource = { readonly literal: SqlLiteral } | { readonly column: string };

export interface Assignment {
  /** The target table's column (logical name). */
  readonly column: string;
  readonly value: ValueSource;
}

export interface InsertValues {
  readonly kind: 'insertValues';
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlLiteral[])[];
}

/** `INSERT INTO t (cols) SELECT …`: the SELECT as FetchXML; `sources[i]` names the read column for `columns[i]`. */
export interface InsertSelect {
  readonly kind: 'insertSelect';
  readonly table: string;
  readonly columns: readonly string[];
  /** Logical name of the table the SELECT reads. */
  readonly sourceTable: string;
  readonly fetchXml: string;
  readonly sources: readonly ValueSource[];
}

export interface Update {
  readonly kind: 'update';
  readonly table: string;
  /** Reads the rows to change: the WHERE (and joins) as FetchXML on `table`. */
  readonly fetchXml: string;
  readonly hasWhere: boolean;
  readonly set: readonly Assignment[];
}

export interface Delete {
  readonly kind: 'delete';
  readonly table: string;
  readonly fetchXml: string;
  readonly hasWhere: boolean;
}

export type DmlStatement = InsertValues | InsertSelect | Update | Delete;

/** Options from the block's header-like lines; each becomes a header on every write. */
export interface DmlOptions {
  readonly bypassCustomPlugins: boolean;
  /** MSCRM.SuppressDuplicateDetection as written: false asks Dataverse to run duplicate detection. */
  readonly suppressDuplicateDetection?: boolean;
  /** Entra object id of the user to act as (CallerObjectId). */
  readonly callerObjectId?: string;
  /** The block has a `-- allow: all rows` line. */
  readonly allowAllRows: boolean;
}

export interface DmlBlock {
  readonly options: DmlOptions;
  /** The SQL after the option lines (comment lines kept), for the parser. */
  readonly sql: string;
  /** 0-based line in the block text where `sql` starts. */
  readonly sqlLine: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEADER_LINE = /^\s*([A-Za-z][\w.-]*)\s*:\s*(.*?)\s*$/;
const ALLOW_ALL = /^\s*--\s*allow\s*:\s*all\s+rows\s*$/i;

/** The option headers a SQL write understands, by lower-case name. */
const OPTION_HEADERS: Record<string, string> = {
  'mscrm.bypasscustompluginexecution': 'MSCRM.BypassCustomPluginExecution',
  'mscrm.suppressduplicatedetection': 'MSCRM.SuppressDuplicateDetection',
  callerobjectid: 'CallerObjectId',
};

export class DmlError extends UserError {
  constructor(message: string, code: string) {
    super(message, { code });
    this.name = 'DmlError';
  }
}

/**
 * Splits a write block's text into option lines and SQL. Header-like lines (`Name: value`) before
 * the statement set options, as header lines before a `<fetch>` do; `--` comment lines may be
 * anywhere before it. An unknown header or a bad value is an error, never silently dropped.
 */
export function parseDmlBlock(text: string): DmlBlock {
  const lines = text.split(/\r?\n/);
  let bypass = false;
  let suppress: boolean | undefined;
  let caller: string | undefined;
  let at = 0;
  for (; at < lines.length; at++) {
    const line = lines[at]!;
    if (!line.trim() || /^\s*--/.test(line)) continue;
    const header = HEADER_LINE.exec(line);
    if (!header) break;
    const name = header[1]!;
    const value = header[2]!;
    const known = OPTION_HEADERS[name.toLowerCase()];
    if (!known) {
      throw new DmlError(
        l10n.t(
          'Line {0}: "{1}" is not an option of a SQL write. Use {2}, {3} or {4}.',
          at + 1,
          name,
          'MSCRM.BypassCustomPluginExecution: true',
          'MSCRM.SuppressDuplicateDetection: true',
          'CallerObjectId: <user object id>',
        ),
        'sql_dml_option',
      );
    }
    if (known === 'CallerObjectId') {
      if (!GUID.test(value)) {
        throw new DmlError(
          l10n.t(
            'Line {0}: {1} must be the Microsoft Entra object id (a GUID) of the user to act as.',
            at + 1,
            'CallerObjectId',
          ),
          'sql_dml_option',
        );
      }
      caller = value.toLowerCase();
    } else {
      const flag = flagOf(value);
      if (flag === undefined) {
        throw new DmlError(
          l10n.t('Line {0}: {1} must be {2} or {3}.', at + 1, known, 'true', 'false'),
          'sql_dml_option',
        );
      }
      if (known === 'MSCRM.BypassCustomPluginExecution') bypass = flag;
      else suppress = flag;
    }
  }
  return {
    options: {
      bypassCustomPlugins: bypass,
      ...(suppress !== undefined ? { suppressDuplicateDetection: suppress } : {}),
      ...(caller ? { callerObjectId: caller } : {}),
      allowAllRows: lines.some((l) => ALLOW_ALL.test(l)),
    },
    sql: lines.slice(at).join('\n'),
    sqlLine: at,
  };
}

function flagOf(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** The headers every write of the statement carries, from its options. */
export function optionHeaders(options: DmlOptions): Record<string, string> {
  return {
    ...(options.bypassCustomPlugins ? { 'MSCRM.BypassCustomPluginExecution': 'true' } : {}),
    // The Web API skips duplicate detection unless asked: "false" turns the check on, "true" states the default.
    ...(options.suppressDuplicateDetection !== undefined
      ? { 'MSCRM.SuppressDuplicateDetection': String(options.suppressDuplicateDetection) }
      : {}),
    ...(options.callerObjectId ? { CallerObjectId: options.callerObjectId } : {}),
  };
}

/** Refuses what must never run: an UPDATE or DELETE of every row without the block's explicit allow line. */
export function checkGuards(statement: DmlStatement, options: DmlOptions): void {
  if (statement.kind !== 'update' && statement.kind !== 'delete') return;
  if (statement.hasWhere || options.allowAllRows) return;
  const verb = statement.kind === 'update' ? 'UPDATE' : 'DELETE';
  throw new DmlError(
    l10n.t(
      'Not run: this {0} has no {1}, so it would change every row of {2}. Add a {1}, or a line "{3}" to the block if you mean every row.',
      verb,
      'WHERE',
      statement.table,
      '-- allow: all rows',
    ),
    'sql_dml_no_where',
  );
}
