// What an explorer command was run on: the node from a context menu or a click, resolved to the
// organization and table it is about. Commands run from the palette get no node and say so.
import * as l10n from '@vscode/l10n';
import type { OrgUrl } from '../../core/org/orgUrl';
import type { TableInfo } from '../../core/metadata/model';
import { UserError } from '../../core/userError';
import type { ExplorerNode } from '../../explorer/nodes/node';
import { OrgNode } from '../../explorer/nodes/orgNode';
import { TableNode, TablesNode } from '../../explorer/nodes/tableNodes';

export function tableOf(node: unknown): { org: OrgUrl; table: TableInfo } {
  if (node instanceof TableNode) return { org: node.org, table: node.table };
  throw new UserError(l10n.t('Run this command from a table in the Dynamics 365 explorer.'));
}

/** The organization of any node under it, or undefined. */
export function orgOf(node: unknown): OrgUrl | undefined {
  for (let n = node as ExplorerNode | undefined; n; n = n.parent) {
    if (n instanceof OrgNode) return n.entry.org;
    if (n instanceof TablesNode || n instanceof TableNode) return n.org;
  }
  return undefined;
}
