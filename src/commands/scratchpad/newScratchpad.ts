// "New Web API Scratchpad": an untitled scratchpad for an organization, with working examples
// (or, from the explorer's "New Query", a query of the chosen table).
import * as vscode from 'vscode';
import { OrgUrl } from '../../core/auth/orgUrl';
import { exampleScratchpad, untitledScratchpadName } from '../../core/query/example';
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
      const content = table ? tableQuery(org, table) : exampleScratchpad(org.url);
      // A named untitled document: its tab reads "contoso-1.dvq" (not its first line) and saving
      // proposes that name; it is still backed up and restored like any unsaved editor.
      const taken = new Set(vscode.workspace.textDocuments.filter((d) => d.isUntitled).map((d) => d.uri.path.split('/').pop()!.toLowerCase()));
      const uri = vscode.Uri.from({ scheme: 'untitled', path: untitledScratchpadName(table ?? org.shortName, taken) });
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), content));
      if (document.languageId !== SCRATCHPAD_LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(document, SCRATCHPAD_LANGUAGE_ID);
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
