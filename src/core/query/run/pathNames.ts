// The names in a request path as the server reads them, so the read/write decision cannot be
// talked past by a spelling: percent-escapes decoded, empty segments skipped, `\` taken as `/`,
// and a `Namespace.` or alias prefix (`Microsoft.Dynamics.CRM.`, `mscrm.`) set apart from the name.
import { parseTarget, splitTopLevel } from '../syntax/odataPath';

export interface PathName {
  /** The name without its namespace or alias: `IncrementKnowledgeArticleViewCount`, `$ref`, `accounts`. */
  readonly bare: string;
  /** True when the name carried a `Namespace.` prefix (a bound operation or a cast). */
  readonly qualified: boolean;
}

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Decodes %XX escapes, never throwing: a run of escapes that is not UTF-8 keeps its non-ASCII
 * bytes as written and still decodes its ASCII ones (`%E0%64` → `%E0d`), as a server does.
 */
export function percentDecode(text: string): string {
  return text.replace(ESCAPES, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

/** The path part of a target (no origin, no /api/data/vX/, no query), decoded, `\` read as `/`. */
function decodedPath(path: string): string {
  const parts = parseTarget(path);
  return percentDecode(path.slice(parts.pathStart, parts.queryStart ?? path.length)).replace(/\\/g, '/');
}

/** A segment's name: the text before its parentheses, trimmed, its namespace set apart. */
function nameOf(segment: string): PathName {
  const open = segment.indexOf('(');
  const name = (open === -1 ? segment : segment.slice(0, open)).trim();
  const dot = name.lastIndexOf('.');
  return { bare: name.slice(dot + 1), qualified: dot !== -1 };
}

/** The path's segments by name, outside quotes and parentheses, empty ones skipped (`a//b/` is `a/b`). */
export function pathNames(path: string): PathName[] {
  const decoded = decodedPath(path);
  return splitTopLevel(decoded, 0, decoded.length, '/')
    .filter((s) => s.text !== '')
    .map((s) => nameOf(s.text));
}

/**
 * Every name that could be read as a segment: the path split at each `/`, inside quotes and
 * parentheses too (older OData servers split there). A superset of pathNames, for the checks
 * where one missed name would let a write through.
 */
export function everyPathName(path: string): PathName[] {
  return decodedPath(path)
    .split('/')
    .filter((s) => s.trim() !== '')
    .map(nameOf);
}
