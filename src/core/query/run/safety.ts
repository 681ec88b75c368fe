// Read or write: the decision the production / read-only rules act on, with a sentence for the
// confirmation ("creates a row in accounts"). GET is a read (functions included, except the few
// documented to change data); POST, PATCH, PUT and DELETE are writes (actions included); a $batch
// is a write when any operation is one.
import { batchOperations, type BatchModel } from './batchModel';
import { parseTarget } from '../syntax/odataPath';
import { sqlWrites, type SqlVerb } from '../syntax/sqlBlock';
import type { HttpMethod } from '../syntax/syntax';

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
 * Microsoft's Web API reference says the function writes; see "Read or write" in FORMAT.md.
 */
export const DATA_CHANGING_FUNCTIONS: Readonly<Record<string, string>> = {
  // "Calculates the value of a rollup attribute": the recalculated value is saved on the record.
  CalculateRollupField: 'recalculates and saves a rollup column',
  // "Increments the per day view count of a knowledge article record" (creating the day's record if needed).
  IncrementKnowledgeArticleViewCount: "increments a knowledge article's view count",
};

function dataChangingFunction(name: string): [string, string] | undefined {
  const bare = name.replace(/^Microsoft\.Dynamics\.CRM\./, '').toLowerCase();
  return Object.entries(DATA_CHANGING_FUNCTIONS).find(([fn]) => fn.toLowerCase() === bare);
}

function looksLikeOperationName(name: string): boolean {
  return name.startsWith('Microsoft.Dynamics.CRM.') || /^[A-Z]/.test(name);
}

export function classifyHttp(method: HttpMethod, path: string): Safety {
  const parts = parseTarget(path);
  const segments = parts.segments;
  const last = segments[segments.length - 1];
  const lastName = last?.name.text ?? '';
  const where = path.split('?')[0]!.replace(/^https?:\/\/[^/]+\/api\/data\/v[\d.]+\//i, '') || path;
  switch (method) {
    case 'GET': {
      const writes = dataChangingFunction(lastName);
      if (writes) return write('function', `calls the function ${writes[0]}, which ${writes[1]}`);
      return looksLikeOperationName(lastName) && lastName !== '$metadata'
        ? { access: 'read', operation: 'function', summary: `calls the function ${lastName}`, writes: 0 }
        : { access: 'read', operation: 'query', summary: `reads ${where}`, writes: 0 };
    }
    case 'POST':
      if (lastName === '$ref') return write('associate', `associates rows through ${where}`);
      if (looksLikeOperationName(lastName)) {
        return write('action', `runs the action ${lastName.replace('Microsoft.Dynamics.CRM.', '')}`);
      }
      return write('create', `creates a row in ${where}`);
    case 'PATCH':
      return write('update', `updates (or creates) ${where}`);
    case 'PUT':
      return write('updateColumn', `sets ${where}`);
    case 'DELETE':
      return lastName === '$ref'
        ? write('disassociate', `removes the association ${where}`)
        : write('delete', `deletes ${where}`);
  }
}

function write(operation: Operation, summary: string): Safety {
  return { access: 'write', operation, summary, writes: 1 };
}

export function classifyBatch(model: BatchModel): Safety {
  const ops = batchOperations(model);
  const writes = ops.filter((o) => classifyHttp(o.method, o.path).access === 'write').length;
  const summary =
    writes === 0
      ? `sends a $batch of ${ops.length} read${ops.length === 1 ? '' : 's'}`
      : `sends a $batch with ${writes} write${writes === 1 ? '' : 's'} (of ${ops.length} request${ops.length === 1 ? '' : 's'})`;
  return { access: writes > 0 ? 'write' : 'read', operation: 'batch', summary, writes };
}

export function classifyFetch(entitySetName: string): Safety {
  return { access: 'read', operation: 'fetch', summary: `reads ${entitySetName} with FetchXML`, writes: 0 };
}

const SQL_WRITES: Readonly<Record<Exclude<SqlVerb, 'select'>, (table: string) => string>> = {
  insert: (t) => `inserts rows into ${t} with SQL`,
  update: (t) => `updates rows of ${t} with SQL`,
  delete: (t) => `deletes rows from ${t} with SQL`,
};

/**
 * A SQL block: a plain SELECT is a read; INSERT, UPDATE, DELETE, and anything else that is not
 * only a SELECT (a second statement, SELECT … INTO, no statement at all), is a write, so the
 * production and read-only guards hold for it. `table` names the FROM table when it is known.
 */
export function classifySql(text: string, verb: SqlVerb | undefined, table?: string): Safety {
  if (!sqlWrites(text)) {
    return { access: 'read', operation: 'sql', summary: `reads ${table ?? 'rows'} with SQL`, writes: 0 };
  }
  return write(
    'sql',
    verb && verb !== 'select' ? SQL_WRITES[verb](table ?? 'a table') : 'runs a SQL statement that may change data',
  );
}
