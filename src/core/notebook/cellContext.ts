// What a query cell sees of the cells above it, as a scratchpad request sees its file: the
// variables they set (`@name = value`, the last one of a name wins) and the names of their
// requests (`# @name create`, whose responses `{{create.id}}` reads). A cell runs as the request
// of a scratchpad made of those variables and the cell's own text, so the scratchpad's resolver,
// guards and errors apply unchanged.
import { parseDocument } from '../query/syntax/parser';
import type { QueryDocument } from '../query/syntax/syntax';

export interface CellDocument {
  readonly doc: QueryDocument;
  /** The cell's own requests (the document also names the earlier cells' requests, never run from here). */
  readonly requests: QueryDocument['requests'];
  /** Lines before the cell's own first line in `doc`. */
  readonly lineOffset: number;
}

/** The definitions of the earlier cells: the variables' lines (in order) and the request names. */
export interface EarlierCells {
  readonly variables: ReadonlyMap<string, string>;
  readonly requestNames: ReadonlySet<string>;
}

export function earlierCells(sources: readonly string[]): EarlierCells {
  const variables = new Map<string, string>();
  const requestNames = new Set<string>();
  for (const source of sources) {
    const doc = parseDocument(source);
    for (const v of [...doc.variables, ...doc.requests.flatMap((r) => r.variables)]) {
      variables.delete(v.name);
      variables.set(v.name, v.value);
    }
    for (const r of doc.requests) if (r.name) requestNames.add(r.name.value);
  }
  return { variables, requestNames };
}

/**
 * The scratchpad a cell runs in: the earlier cells' variables as its first block, the cell as the
 * next block (its own variables override, as a request's do in a scratchpad).
 */
export function cellDocument(earlier: EarlierCells, cell: string): CellDocument {
  const prefix = [...earlier.variables].map(([name, value]) => `@${name} = ${value}`);
  // A named request of an earlier cell is declared by a stand-in block, so `{{list.…}}` reads the
  // response recorded under that name (the resolver knows names from the document's requests).
  for (const name of earlier.requestNames) prefix.push('###', `# @name ${name}`, 'GET WhoAmI');
  const separator = cell.startsWith('###') ? [] : ['###'];
  const lines = [...prefix, ...separator];
  const doc = parseDocument([...lines, cell].join('\n'));
  const cellStart = lines.length - separator.length;
  return {
    doc,
    requests: doc.requests.filter((r) => r.blockRange.start.line >= cellStart),
    lineOffset: lines.length,
  };
}
