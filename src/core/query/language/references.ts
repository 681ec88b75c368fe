// Which tables a request needs the details of (columns, relationships, choices) for completion and
// diagnostics, so the VS Code side can load them before the user asks. Follows navigation segments
// and $expand as far as the details already loaded allow; call again when more arrive.
import type { MetadataSnapshot } from '../../metadata/model';
import { indexFor, type TableIndex } from './metadataIndex';
import { parseExpand, parseTarget, type QueryOption } from '../syntax/odataPath';
import type { RequestSyntax, ScratchRequest } from '../syntax/syntax';
import { scanXml } from '../syntax/xmlScan';
import { parseSql } from '../sql/parser';
import { tablesOf } from '../sql/scope';

/** Logical names of the tables the request refers to (loaded or not). */
export function referencedTables(request: ScratchRequest, metadata: MetadataSnapshot): string[] {
  const out = new Set<string>();
  const parts: RequestSyntax[] = request.batch
    ? request.batch.parts.flatMap((p) => (p.kind === 'request' ? [p.request] : [...p.requests]))
    : [request];
  for (const part of parts) {
    if (part.fetch) {
      for (const tag of scanXml(part.fetch.text)) {
        const name =
          (tag.name === 'entity' || tag.name === 'link-entity') && !tag.closing
            ? tag.attributes.find((a) => a.name === 'name')?.value
            : undefined;
        const table = name ? metadata.tableByLogicalName(name) : undefined;
        if (table) out.add(table.logicalName);
      }
    }
    if (part.line) fromTarget(part.line.target.text, metadata, out);
    if (part.sql) {
      const statement = parseSql(part.sql.text).statement;
      for (const name of statement ? tablesOf(statement) : []) {
        const table = metadata.tableByLogicalName(name);
        if (table) out.add(table.logicalName);
      }
    }
  }
  return [...out];
}

function fromTarget(text: string, metadata: MetadataSnapshot, out: Set<string>): void {
  const parts = parseTarget(text);
  const first = parts.segments[0] && metadata.tableByEntitySetName(parts.segments[0].name.text);
  if (!first) return;
  out.add(first.logicalName);
  let table = indexFor(metadata, first);
  for (const seg of parts.segments.slice(1)) {
    const rel = table?.navigation(seg.name.text);
    const related = rel ? metadata.tableByLogicalName(rel.relatedTable) : undefined;
    if (!related) {
      table = undefined;
      break;
    }
    out.add(related.logicalName);
    table = indexFor(metadata, related);
  }
  if (table) fromExpand(text, parts.options, table, metadata, out);
}

function fromExpand(
  text: string,
  options: readonly QueryOption[],
  table: TableIndex,
  metadata: MetadataSnapshot,
  out: Set<string>,
): void {
  const expand = options.find((o) => o.name.text.toLowerCase() === '$expand' && o.value);
  if (!expand?.value) return;
  for (const item of parseExpand(text, expand.value)) {
    const rel = table.navigation(item.nav.text);
    const related = rel ? metadata.tableByLogicalName(rel.relatedTable) : undefined;
    if (!related) continue;
    out.add(related.logicalName);
    const index = indexFor(metadata, related);
    if (index && item.inner) fromExpand(text, item.options, index, metadata, out);
  }
}
