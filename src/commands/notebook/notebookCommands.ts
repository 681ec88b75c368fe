// The query notebook's commands: a new notebook (optionally on a table), a scratchpad block or a
// whole scratchpad as a notebook and back, the organization, Markdown export and a cell's answer
// in the results view. Each returns what a caller (a test, another command) needs to find the result.
import * as vscode from 'vscode';
import { OrgUrl } from '../../core/org/orgUrl';
import { UserError } from '../../core/userError';
import { notebookToMarkdown, notebookToScratchpad, scratchpadToNotebook } from '../../core/notebook/interop';
import type { NotebookFile } from '../../core/notebook/notebookFile';
import { SCRATCHPAD_LANGUAGE_ID } from '../../core/query/syntax/syntax';
import { isScratchpad } from '../../scratchpad/language';
import type { NotebookParts } from '../../notebook/setup';
import { notebookFileOf } from '../../notebook/serializer';
import type { Command } from '../command';
import { COMMAND, NOTEBOOK } from '../../core/ids';

export function newNotebookCommand(notebooks: NotebookParts): Command {
  return {
    id: COMMAND.newNotebook,
    run: async (arg?: unknown) => {
      const given = (arg && typeof arg === 'object' ? arg : {}) as { orgUrl?: unknown; entitySetName?: unknown };
      const parsed = typeof given.orgUrl === 'string' ? OrgUrl.parse(given.orgUrl) : undefined;
      const org = parsed?.ok ? parsed.value : await notebooks.status.pick(undefined);
      const table =
        typeof given.entitySetName === 'string' && /^\w+$/.test(given.entitySetName) ? given.entitySetName : undefined;
      const file: NotebookFile = {
        org: org.url,
        cells: [
          { kind: 'markdown', source: table ? `# ${table} in ${org.shortName}` : `# Queries on ${org.shortName}` },
          { kind: 'query', source: table ? `GET ${table}?$top=10` : 'GET WhoAmI' },
        ],
      };
      const editor = await notebooks.open(file);
      return editor.notebook.uri.toString();
    },
  };
}

/** The scratchpad block under the cursor (with the file's first block when it sets variables) as a notebook. */
export function openInNotebookCommand(notebooks: NotebookParts): Command {
  return {
    id: COMMAND.openInNotebook,
    run: async (uriArg?: unknown, lineArg?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      const document =
        uriArg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uriArg) : editor?.document;
      if (!isScratchpad(document)) throw new UserError(vscode.l10n.t('Open a Dynamics 365 scratchpad (.dvq) first.'));
      const line = typeof lineArg === 'number' ? lineArg : (editor?.selection.active.line ?? 0);
      const whole = scratchpadToNotebook(document.getText(), connectionOf(document.getText()));
      const first = document.getText().startsWith('###') ? undefined : whole.cells[0];
      // Which cell holds the line: cells are whole lines, in order.
      let end = 0;
      const at = whole.cells.find((c) => (end += c.source.split('\n').length) > line) ?? whole.cells.at(-1);
      const cells = [first, at].filter((c, i, all): c is NonNullable<typeof c> => !!c && all.indexOf(c) === i);
      const notebook = await notebooks.open({ ...whole, cells });
      return notebook.notebook.uri.toString();
    },
  };
}

export function convertToNotebookCommand(notebooks: NotebookParts): Command {
  return {
    id: COMMAND.convertToNotebook,
    run: async (uriArg?: unknown) => {
      const document =
        uriArg instanceof vscode.Uri
          ? await vscode.workspace.openTextDocument(uriArg)
          : vscode.window.activeTextEditor?.document;
      if (!isScratchpad(document)) throw new UserError(vscode.l10n.t('Open a Dynamics 365 scratchpad (.dvq) first.'));
      const editor = await notebooks.open(scratchpadToNotebook(document.getText(), connectionOf(document.getText())));
      return editor.notebook.uri.toString();
    },
  };
}

export function convertToScratchpadCommand(): Command {
  return {
    id: COMMAND.convertToScratchpad,
    run: async (uriArg?: unknown) => {
      const notebook = activeNotebook(uriArg);
      const content = notebookToScratchpad(notebookFileOf(notebook));
      const document = await vscode.workspace.openTextDocument({ language: SCRATCHPAD_LANGUAGE_ID, content });
      await vscode.window.showTextDocument(document);
      return document.uri.toString();
    },
  };
}

export function exportNotebookMarkdownCommand(): Command {
  return {
    id: COMMAND.exportNotebookMarkdown,
    run: async (uriArg?: unknown) => {
      const notebook = activeNotebook(uriArg);
      const title = notebook.uri.path
        .split('/')
        .pop()
        ?.replace(/\.dvnb$/, '');
      const content = notebookToMarkdown(notebookFileOf(notebook), title);
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(document);
      return document.uri.toString();
    },
  };
}

export function pickNotebookOrgCommand(notebooks: NotebookParts): Command {
  return {
    id: COMMAND.pickNotebookOrg,
    run: async (uriArg?: unknown) => (await notebooks.status.choose(activeNotebook(uriArg))).url,
  };
}

/** All rows of a cell's last answer in the results view: Next page, All pages, export. */
export function openCellInResultsCommand(notebooks: NotebookParts): Command {
  return {
    id: COMMAND.openCellInResults,
    run: async (cellArg?: unknown) => {
      const cell = cellOf(cellArg);
      const answer = cell && notebooks.kernels.answerOf(cell);
      if (!answer) {
        throw new UserError(
          vscode.l10n.t(
            'This cell has not run in this window: the file keeps only its first rows. Run the cell, then open it in the results view to page through all rows.',
          ),
          { code: 'cell_not_run' },
        );
      }
      (await notebooks.runner()).showInResults(
        cell.document.uri.toString(),
        answer.org,
        answer.title,
        answer.request,
        answer.execution,
      );
      return cell.document.uri.toString();
    },
  };
}

function activeNotebook(uriArg: unknown): vscode.NotebookDocument {
  const notebook =
    uriArg instanceof vscode.Uri
      ? vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === uriArg.toString())
      : vscode.window.activeNotebookEditor?.notebook;
  if (notebook?.notebookType !== NOTEBOOK.type) {
    throw new UserError(vscode.l10n.t('Open a Dynamics 365 query notebook (.dvnb) first.'));
  }
  return notebook;
}

/** The cell a menu passed (the cell, or an object holding it), or the active notebook's selected cell. */
function cellOf(arg: unknown): vscode.NotebookCell | undefined {
  const isCell = (v: unknown): v is vscode.NotebookCell =>
    !!v && typeof v === 'object' && 'notebook' in v && 'document' in v;
  if (isCell(arg)) return arg;
  if (arg && typeof arg === 'object' && isCell((arg as { cell?: unknown }).cell)) {
    return (arg as { cell: vscode.NotebookCell }).cell;
  }
  const editor = vscode.window.activeNotebookEditor;
  const index = editor?.selection.start;
  return editor && index !== undefined && index < editor.notebook.cellCount ? editor.notebook.cellAt(index) : undefined;
}

function connectionOf(text: string): string | undefined {
  const line = /^@connection\s*=\s*(\S+)\s*$/m.exec(text);
  const parsed = line ? OrgUrl.parse(line[1]) : undefined;
  return parsed?.ok ? parsed.value.url : undefined;
}
