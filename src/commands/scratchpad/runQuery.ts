// "Run Query": the request under the cursor of a scratchpad, or one of a scratchpad's requests by
// index (CodeLens). With no scratchpad open it asks for a query, offering the recent ones. A query
// passed as text (a link, another extension), or a document no editor shows, is sent only after the
// user agrees, as one from the history.
import * as vscode from 'vscode';
import { UserError } from '../../core/userError';
import { isScratchpad } from '../../scratchpad/language';
import type { RunOutcome } from '../../scratchpad/runner';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';
import { COMMAND } from '../../core/ids';

export function runQueryCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: COMMAND.runQuery,
    run: async (uriArg?: unknown, indexArg?: unknown, textArg?: unknown): Promise<RunOutcome> => {
      if (uriArg instanceof vscode.Uri) {
        const document = await vscode.workspace.openTextDocument(uriArg);
        const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
        // The CodeLens names a document the user is looking at; a caller that names one no editor
        // shows (another extension, a link) runs text not in view: a write asks first, as for text.
        return (await scratchpad.engine()).runner.runInDocument(
          document,
          typeof indexArg === 'number' ? indexArg : undefined,
          editor?.selection.active,
          editor ? 'document' : 'argument',
        );
      }
      const editor = vscode.window.activeTextEditor;
      const { runner, orgs, askForQuery } = await scratchpad.engine();
      if (isScratchpad(editor?.document) && typeof textArg !== 'string') {
        return runner.runInDocument(editor.document, undefined, editor.selection.active);
      }
      const org = await orgs.pick(undefined);
      // Text passed as an argument (a command link, another extension) is not in view: a write asks first.
      if (typeof textArg === 'string') return runner.runText(org, textArg, { fromArgument: true });
      const query = await askForQuery(org);
      return runner.runText(org, query.text, { fromHistory: query.fromHistory });
    },
  };
}

export function pickScratchpadOrgCommand(scratchpad: ScratchpadParts): Command {
  return {
    id: COMMAND.pickScratchpadOrg,
    run: async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!isScratchpad(document)) throw new UserError(vscode.l10n.t('Open a Dynamics 365 scratchpad (.dvq) first.'));
      const { orgs } = await scratchpad.engine();
      const org = await orgs.pick(orgs.known(document));
      await orgs.setConnectionLine(document, org);
      return org.url;
    },
  };
}
