// Read or write: the decision the production / read-only rules act on, with a sentence for the
// confirmation ("creates a row in accounts"). GET is a read (functions included, except the few
// documented to change data); POST, PATCH, PUT and DELETE are writes (actions included); a $batch
// is a write when any operation is one.
import * as l10n from '@vscode/l10n';
import { batchOperations, type BatchModel } from './batchModel';
import { everyPathName, pathNames, type PathName } from './pathNames';
import { sqlWrites, type SqlVerb } from '../syntax/sqlBlock';
import type { HttpMethod } from '../syntax/syntax';
import { formatCount } from '../../numberFormat';

export type Access = 'read' | 'write';

export type Operation =
  | 'query'
  | 'fetch'
  | 'function'
  | 'create'
  | 'update'
  | 'updateColumn'
  | 'delete'
  | 'action'
  | 'associate'
  | 'disassociate'
  | 'batch'
  | 'sql';

export interface Safety {
  readonly access: Access;
  readonly operation: Operation;
  /** Plain text for a confirmation or the history: "creates a row in accounts". */
  readonly summary: string;
  /** Writes in the request: 1 for a single write, the count for a $batch. */
  readonly writes: number;
}

/**
 * Functions (called with GET) that change data, by name without the namespace. Listed only where
 * Microsoft's Web API reference says the function writes; see "Read or write" in FORMAT.md. Matched
 * in any segment, case-insensitively, after the path is read as the server reads it (pathNames.ts).
 */
export const DATA_CHANGING_FUNCTIONS: Readonly<Record<string, () => string>> = {
  // "Calculates the value of a rollup attribute": the recalculated value is saved on the record.
  CalculateRollupField: () =>
    l10n.t('calls the function {0}, which recalculates and saves a rollup column', 'CalculateRollupField'),
  // "Increments the per day view count of a knowledge article record" (creating the day's record if needed).
  IncrementKnowledgeArticleViewCount: () =>
    l10n.t(
      "calls the function {0}, which increments a knowledge article's view count",
      'IncrementKnowledgeArticleViewCount',
    ),
};

/** The data-changing function any segment of the path calls, by any spelling the server reads as its name. */
function dataChangingFunction(path: string): (() => string) | undefined {
  const names = new Set(everyPathName(path).map((n) => n.bare.toLowerCase()));
  const found = Object.entries(DATA_CHANGING_FUNCTIONS).find(([fn]) => names.has(fn.toLowerCase()));
  return found?.[1];
}

/** A function or action: a namespace-qualified name or an upper-case one (entity sets are lower case). */
function looksLikeOperationName(name: PathName): boolean {
  return name.qualified || /^[A-Z]/.test(name.bare);
}

export function classifyHttp(method: HttpMethod, path: string): Safety {
  const names = pathNames(path);
  const last: PathName = names[names.length - 1] ?? { bare: '', qualified: false };
  const isRef = !last.qualified && last.bare.toLowerCase() === '$ref';
  const where = path.split('?')[0]!.replace(/^https?:\/\/[^/]+\/api\/data\/v[\d.]+\//i, '') || path;
  switch (method) {
    case 'GET': {
      const writes = dataChangingFunction(path);
      if (writes) return write('function', writes());
      return looksLikeOperationName(last) && last.bare !== '$metadata'
        ? { access: 'read', operation: 'function', summary: l10n.t('calls the function {0}', last.bare), writes: 0 }
        : { access: 'read', operation: 'query', summary: l10n.t('reads {0}', where), writes: 0 };
    }
    case 'POST':
      if (isRef) return write('associate', l10n.t('associates rows through {0}', where));
      if (looksLikeOperationName(last)) return write('action', l10n.t('runs the action {0}', last.bare));
      return write('create', l10n.t('creates a row in {0}', where));
    case 'PATCH':
      return write('update', l10n.t('updates (or creates) {0}', where));
    case 'PUT':
      return write('updateColumn', l10n.t('sets {0}', where));
    case 'DELETE':
      return isRef
        ? write('disassociate', l10n.t('removes the association {0}', where))
        : write('delete', l10n.t('deletes {0}', where));
  }
}

function write(operation: Operation, summary: string): Safety {
  return { access: 'write', operation, summary, writes: 1 };
}

export function classifyBatch(model: BatchModel): Safety {
  const ops = batchOperations(model);
  const writes = ops.filter((o) => classifyHttp(o.method, o.path).access === 'write').length;
  return {
    access: writes > 0 ? 'write' : 'read',
    operation: 'batch',
    summary: batchSummary(writes, ops.length),
    writes,
  };
}

function batchSummary(writes: number, requests: number): string {
  if (writes === 0) {
    return requests === 1
      ? l10n.t('sends a $batch of 1 read')
      : l10n.t('sends a $batch of {0} reads', formatCount(requests));
  }
  if (requests === 1) return l10n.t('sends a $batch with 1 write (of 1 request)');
  return writes === 1
    ? l10n.t('sends a $batch with 1 write (of {0} requests)', formatCount(requests))
    : l10n.t('sends a $batch with {0} writes (of {1} requests)', formatCount(writes), formatCount(requests));
}

export function classifyFetch(entitySetName: string): Safety {
  return { access: 'read', operation: 'fetch', summary: l10n.t('reads {0} with FetchXML', entitySetName), writes: 0 };
}

const SQL_WRITES: Readonly<Record<Exclude<SqlVerb, 'select'>, (table: string | undefined) => string>> = {
  insert: (t) => (t ? l10n.t('inserts rows into {0} with SQL', t) : l10n.t('inserts rows into a table with SQL')),
  update: (t) => (t ? l10n.t('updates rows of {0} with SQL', t) : l10n.t('updates rows of a table with SQL')),
  delete: (t) => (t ? l10n.t('deletes rows from {0} with SQL', t) : l10n.t('deletes rows from a table with SQL')),
};

/**
 * A SQL block: a plain SELECT is a read; INSERT, UPDATE, DELETE, and anything else that is not
 * only a SELECT (a second statement, SELECT … INTO, no statement at all), is a write, so the
 * production and read-only guards hold for it. `table` names the FROM table when it is known.
 */
export function classifySql(text: string, verb: SqlVerb | undefined, table?: string): Safety {
  if (!sqlWrites(text)) {
    const summary = table ? l10n.t('reads {0} with SQL', table) : l10n.t('reads rows with SQL');
    return { access: 'read', operation: 'sql', summary, writes: 0 };
  }
  return write(
    'sql',
    verb && verb !== 'select' ? SQL_WRITES[verb](table) : l10n.t('runs a SQL statement that may change data'),
  );
}
