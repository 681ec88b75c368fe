// The conversions of the block under the cursor (SQL → FetchXML, FetchXML → SQL) as commands and as
// code actions (refactor.rewrite) that run them. The converted query is inserted as a new block
// after the source block and the cursor moves to it; the source block is left as it was.
import * as vscode from 'vscode';
import { convertRequest, conversionsOf, type ConversionTarget } from '../core/query/language/sqlConversions';
import { sqlTablesToLoad } from '../core/query/run/resolveSql';
import { requestAt } from '../core/query/syntax/syntax';
import { UserError } from '../core/userError';
import type { MetadataService } from '../connections/metadataService';
import type { DocumentOrgs } from './documentOrgs';
import { fromVsPosition, toVsPosition, type ScratchpadDocuments } from './documents';
import { COMMAND } from '../core/ids';

const COMMAND_OF: Record<ConversionTarget, string> = {
  fetchxml: COMMAND.convertToFetchXml,
  sql: COMMAND.convertToSql,
};

export class ScratchpadConversions {
  constructor(
    private readonly documents: ScratchpadDocuments,
    private readonly orgs: DocumentOrgs,
    private readonly metadata: MetadataService,
  ) {}

  /** Code actions for the block at `range`: one per conversion it offers, each running its command. */
  actions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const request = requestAt(this.documents.get(document), fromVsPosition(range.start));
    if (!request) return [];
    return conversionsOf(request).map((to) => {
      const title =
        to === 'fetchxml' ? vscode.l10n.t('Convert SQL to FetchXML') : vscode.l10n.t('Convert FetchXML to SQL');
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.RefactorRewrite);
      action.command = { command: COMMAND_OF[to], title, arguments: [document.uri, range.start] };
      return action;
    });
  }

  /** Converts the block at `position` and inserts the result after it; returns the new block's first line. */
  async convert(document: vscode.TextDocument, position: vscode.Position, to: ConversionTarget): Promise<number> {
    const version = document.version;
    const doc = this.documents.get(document);
    const request = requestAt(doc, fromVsPosition(position));
    if (!request || !conversionsOf(request).includes(to)) {
      throw new UserError(
        to === 'fetchxml'
          ? vscode.l10n.t('Put the cursor in a SQL SELECT block to convert it to FetchXML.')
          : vscode.l10n.t('Put the cursor in a <fetch> block to convert it to SQL.'),
        { code: 'convert_no_block' },
      );
    }
    let snapshot;
    if (to === 'fetchxml') {
      const org = await this.orgs.resolve(document);
      const metadata = this.metadata.forOrg(org);
      snapshot = await metadata.open().catch(() => metadata.snapshot);
      const tables = sqlTablesToLoad(request.sql?.text ?? '', snapshot);
      await Promise.all(tables.map((t) => this.metadata.details(org, t).catch(() => undefined)));
      // Snapshots are replaced, never changed: the latest holds the details just loaded.
      snapshot = metadata.snapshot;
    }
    const result = convertRequest(doc, request, to, snapshot);
    if (!result.ok) throw new UserError(result.message, { code: 'convert_failed' });
    // The text changed while metadata loaded: the block's place is no longer known.
    if (document.version !== version) {
      throw new UserError(vscode.l10n.t('The scratchpad changed during the conversion. Run it again.'), {
        code: 'convert_stale',
      });
    }
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, toVsPosition(result.at), result.text);
    if (!(await vscode.workspace.applyEdit(edit))) {
      throw new UserError(vscode.l10n.t('The converted query could not be inserted.'), { code: 'convert_edit' });
    }
    const firstLine = result.at.line + 2;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    if (editor) {
      editor.selection = new vscode.Selection(firstLine, 0, firstLine, 0);
      editor.revealRange(new vscode.Range(firstLine, 0, firstLine, 0));
    }
    return firstLine;
  }
}
