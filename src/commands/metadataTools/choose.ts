// What the metadata commands ask: a signed-in organization, which of its tables (picked, matching a
// filter, or a solution's), and where a file goes. Each answer can also come as a command argument.
import * as vscode from 'vscode';
import type { ConnectionsService, OrgEntry } from '../../connections/connectionsService';
import type { MetadataService } from '../../connections/metadataService';
import type { TableInfo } from '../../core/metadata/model';
import {
  matchTables,
  solutionsPath,
  solutionTablesPath,
  tablesOfComponents,
} from '../../core/metadata/typegen/selection';
import { parseOrgUrl, type OrgUrl } from '../../core/org/orgUrl';
import { UserError } from '../../core/userError';
import { readPage, type Page } from '../../core/webapi/paging';

/** Example filters: logical names, the same in every language, so not in the string bundle. */
export const TABLES_EXAMPLE = 'account, contoso_*';

/** An organization from an argument (its URL) or picked among the signed-in ones. */
export async function chooseOrg(
  connections: ConnectionsService,
  provided: unknown,
  title: string,
  exclude?: OrgUrl,
): Promise<OrgEntry> {
  const entries = (await connections.list()).filter((e) => e.session && e.org.url !== exclude?.url);
  if (typeof provided === 'string' && provided.trim()) {
    const parsed = parseOrgUrl(provided);
    if (!parsed.ok) throw new UserError(parsed.message);
    const found = entries.find((e) => e.org.url === parsed.value.url);
    if (!found) throw new UserError(vscode.l10n.t('Sign in to {0} first.', parsed.value.url));
    return found;
  }
  if (!entries.length) throw new UserError(vscode.l10n.t('Sign in to an organization first.'));
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.name, description: e.org.url, entry: e })),
    { title, placeHolder: vscode.l10n.t('Choose an organization') },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.entry;
}

/** Tables by a filter (`account, contoso_*`) given as an argument, or as the user chooses. */
export async function chooseTables(
  metadata: MetadataService,
  connections: ConnectionsService,
  org: OrgUrl,
  filter: unknown,
  title: string,
): Promise<TableInfo[]> {
  const tables = await metadata.tables(org);
  if (typeof filter === 'string') return nonEmpty(matchTables(tables, filter), filter);
  const how = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('Pick tables…'), how: 'pick' as const },
      { label: vscode.l10n.t('Tables matching a filter…'), how: 'filter' as const },
      { label: vscode.l10n.t('Tables of a solution…'), how: 'solution' as const },
    ],
    { title, placeHolder: vscode.l10n.t('Which tables?') },
  );
  if (!how) throw new vscode.CancellationError();
  if (how.how === 'pick') {
    const picked = await vscode.window.showQuickPick(
      tables.map((t) => ({ label: t.displayName, description: t.logicalName, table: t })),
      { title, canPickMany: true, matchOnDescription: true, placeHolder: vscode.l10n.t('Choose tables') },
    );
    if (!picked?.length) throw new vscode.CancellationError();
    return picked.map((p) => p.table);
  }
  if (how.how === 'filter') {
    const text = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Logical names, * for any characters, commas between them.'),
      placeHolder: TABLES_EXAMPLE,
    });
    if (!text?.trim()) throw new vscode.CancellationError();
    return nonEmpty(matchTables(tables, text), text);
  }
  return solutionTables(connections, org, tables, title);
}

function nonEmpty(tables: TableInfo[], filter: string): TableInfo[] {
  if (!tables.length) throw new UserError(vscode.l10n.t('No table matches "{0}".', filter.slice(0, 80)));
  return tables;
}

async function solutionTables(
  connections: ConnectionsService,
  org: OrgUrl,
  tables: readonly TableInfo[],
  title: string,
): Promise<TableInfo[]> {
  const client = connections.client(org);
  const solutions = await readPage<{ solutionid: string; uniquename: string; friendlyname?: string }>(
    client,
    solutionsPath(),
  );
  const picked = await vscode.window.showQuickPick(
    solutions.value.map((s) => ({
      label: s.friendlyname ?? s.uniquename,
      description: s.uniquename,
      id: s.solutionid,
    })),
    { title, placeHolder: vscode.l10n.t('Choose a solution') },
  );
  if (!picked) throw new vscode.CancellationError();
  const ids: string[] = [];
  let link: string | undefined = solutionTablesPath(picked.id);
  while (link) {
    const page: Page<{ objectid: string }> = await readPage<{ objectid: string }>(client, link);
    ids.push(...page.value.map((r) => r.objectid));
    link = page.nextLink;
  }
  const found = tablesOfComponents(tables, ids);
  if (!found.length) throw new UserError(vscode.l10n.t('The solution {0} has no tables.', picked.description));
  return found;
}

/** A file or folder path from an argument, or from a save/open dialog. */
export async function chooseTarget(
  provided: unknown,
  kind: 'file' | 'folder',
  defaultName: string,
  filters?: Record<string, string[]>,
): Promise<vscode.Uri> {
  if (typeof provided === 'string' && provided.trim()) return vscode.Uri.file(provided);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (kind === 'folder') {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      ...(folder ? { defaultUri: folder } : {}),
      openLabel: vscode.l10n.t('Write Here'),
    });
    if (!picked?.[0]) throw new vscode.CancellationError();
    return picked[0];
  }
  const picked = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
    ...(filters ? { filters } : {}),
  });
  if (!picked) throw new vscode.CancellationError();
  return picked;
}
