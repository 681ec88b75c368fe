// "New Web API Scratchpad": an untitled scratchpad for an organization, with working examples
// (or, from the explorer's "New Query", a query of the chosen table).
import * as vscode from 'vscode';
import { OrgUrl } from '../../core/org/orgUrl';
import { exampleScratchpad } from '../../core/query/syntax/example';
import { SCRATCHPAD_LANGUAGE_ID } from '../../core/query/syntax/syntax';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';
import { COMMAND } from '../../core/ids';

interface TableArg {
  orgUrl?: unknown;
  table?: unknown;
  entitySetName?: unknown;
}

export function newScratchpadCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: COMMAND.newScratchpad,
    run: async (arg?: unknown) => {
      const given = (arg && typeof arg === 'object' ? arg : {}) as TableArg;
      const parsed = typeof given.orgUrl === 'string' ? OrgUrl.parse(given.orgUrl) : undefined;
      const org = parsed?.ok ? parsed.value : await (await scratchpad.engine()).orgs.pick(undefined);
      const table =
        typeof given.entitySetName === 'string' && /^\w+$/.test(given.entitySetName) ? given.entitySetName : undefined;
      const content = table ? tableQuery(org, table) : exampleScratchpad(org.url, org.shortName);
      const document = await vscode.workspace.openTextDocument({ language: SCRATCHPAD_LANGUAGE_ID, content });
      const editor = await vscode.window.showTextDocument(document);
      const line = content.split('\n').findIndex((l) => /^(GET|<fetch)/.test(l));
      if (line >= 0) editor.selection = new vscode.Selection(line, 0, line, 0);
      return document.uri.toString();
    },
  };
}

/** Titled by its first line, as the example is: "# accounts in contoso". */
function tableQuery(org: OrgUrl, entitySet: string): string {
  const title = vscode.l10n.t({
    message: '{0} in {1}',
    args: [entitySet, org.shortName],
    comment: ['the title of a new scratchpad: {0} is a table (entity set), {1} the organization'],
  });
  return `# ${title}
@connection = ${org.url}

### ${vscode.l10n.t('First rows of {0}', entitySet)}
GET ${entitySet}?$top=10
`;
}
