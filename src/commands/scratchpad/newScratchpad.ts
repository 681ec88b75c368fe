// "New Web API Scratchpad": an untitled scratchpad for an organization, with working examples
// (or, from the explorer's "New Query", a query of the chosen table).
import * as vscode from 'vscode';
import { OrgUrl } from '../../core/auth/orgUrl';
import { SCRATCHPAD_LANGUAGE_ID } from '../../core/query/syntax';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';

interface TableArg { orgUrl?: unknown; table?: unknown; entitySetName?: unknown }

export function newScratchpadCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: 'dynamics365.newScratchpad',
    run: async (arg?: unknown) => {
      const given = (arg && typeof arg === 'object' ? arg : {}) as TableArg;
      const parsed = typeof given.orgUrl === 'string' ? OrgUrl.parse(given.orgUrl) : undefined;
      const org = parsed?.ok ? parsed.value : await scratchpad.orgs.pick(undefined);
      const table = typeof given.entitySetName === 'string' && /^\w+$/.test(given.entitySetName) ? given.entitySetName : undefined;
      const content = table ? tableQuery(org, table) : examples(org);
      const document = await vscode.workspace.openTextDocument({ language: SCRATCHPAD_LANGUAGE_ID, content });
      const editor = await vscode.window.showTextDocument(document);
      const line = content.split('\n').findIndex((l) => /^(GET|<fetch)/.test(l));
      if (line >= 0) editor.selection = new vscode.Selection(line, 0, line, 0);
      return document.uri.toString();
    },
  };
}

function tableQuery(org: OrgUrl, entitySet: string): string {
  return `@connection = ${org.url}

### First rows of ${entitySet}
GET ${entitySet}?$top=10
`;
}

function examples(org: OrgUrl): string {
  return `# A Dataverse Web API scratchpad. Run a request with "▶ Run" above it, Ctrl+Alt+R, or
# "Dynamics 365: Run Query". Requests are separated by ###; completion knows your tables and columns.
@connection = ${org.url}

### Who am I?
GET WhoAmI

### Ten accounts, newest first
GET accounts?$select=name,revenue,_primarycontactid_value&$orderby=createdon desc&$top=10

### The same with FetchXML
<fetch top="10">
  <entity name="account">
    <attribute name="name" />
    <order attribute="createdon" descending="true" />
  </entity>
</fetch>

### Create a row, then read it back with its id (remove the # to try it)
# # @name created
# POST accounts
# Content-Type: application/json
#
# { "name": "Created from VS Code" }
`;
}
