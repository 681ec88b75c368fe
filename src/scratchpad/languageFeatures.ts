// Completion, hover, diagnostics and quick fixes for scratchpads, from the organization's metadata
// as cached now (src/core/query does the work; this file maps it to VS Code). The providers are
// registered at start-up by setup.ts and call in here once the engine is loaded. Tables a request
// names get their details loaded in the background, and the document is checked again when they
// arrive. Text from the organization (descriptions, labels) is shown as plain text only.
import * as vscode from 'vscode';
import type { MetadataSnapshot } from '../core/metadata/model';
import { completeAt } from '../core/query/language/completion';
import type { CompletionItem as CoreItem, CompletionKind } from '../core/query/language/completionTypes';
import type { Diagnostic as CoreDiagnostic } from '../core/query/syntax/diagnostic';
import { diagnoseDocument } from '../core/query/language/diagnostics';
import { hoverAt } from '../core/query/language/hover';
import { referencedTables } from '../core/query/language/references';
import type { LineSource } from '../core/query/syntax/text';
import type { MetadataService } from '../connections/metadataService';
import type { DocumentOrgs } from './documentOrgs';
import { fromVsPosition, toVsRange, type ScratchpadDocuments } from './documents';
import { isScratchpad } from './language';
import { earlierDefinitions, withoutEarlierNames } from './notebookCells';
import { DIAGNOSTICS_OWNER } from '../core/ids';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  table: vscode.CompletionItemKind.Class,
  column: vscode.CompletionItemKind.Field,
  navigation: vscode.CompletionItemKind.Reference,
  operator: vscode.CompletionItemKind.Operator,
  function: vscode.CompletionItemKind.Function,
  keyword: vscode.CompletionItemKind.Keyword,
  value: vscode.CompletionItemKind.EnumMember,
  queryOption: vscode.CompletionItemKind.Property,
  header: vscode.CompletionItemKind.Property,
  variable: vscode.CompletionItemKind.Variable,
  method: vscode.CompletionItemKind.Keyword,
  element: vscode.CompletionItemKind.Module,
  attribute: vscode.CompletionItemKind.Property,
  snippet: vscode.CompletionItemKind.Snippet,
};

const SOURCE = 'Dynamics 365';

function lineSource(document: vscode.TextDocument): LineSource {
  return { lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text };
}

export class ScratchpadLanguageFeatures implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTICS_OWNER);
  /** The core diagnostics behind each shown one, for their quick fixes. */
  private readonly fixes = new Map<string, CoreDiagnostic[]>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly documents: ScratchpadDocuments,
    private readonly orgs: DocumentOrgs,
    private readonly metadata: MetadataService,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.diagnostics.delete(d.uri);
        this.fixes.delete(d.uri.toString());
      }),
      metadata.onDidChange(() => {
        for (const d of vscode.workspace.textDocuments) this.schedule(d);
      }),
      this.diagnostics,
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  /** What is known of the document's organization right now (empty until its tables are loaded). */
  private snapshot(document: vscode.TextDocument): MetadataSnapshot | undefined {
    const org = this.orgs.known(document);
    if (!org) return undefined;
    const metadata = this.metadata.forOrg(org);
    if (metadata.status.state === 'empty') {
      void metadata.open().then(
        () => this.schedule(document),
        () => undefined,
      );
    }
    return metadata.snapshot;
  }

  /** Loads the details of the tables the document names; true when some were missing. */
  private preload(document: vscode.TextDocument, snapshot: MetadataSnapshot): boolean {
    const org = this.orgs.known(document);
    if (!org) return false;
    const doc = this.documents.get(document);
    const named = new Set(doc.requests.flatMap((r) => referencedTables(r, snapshot)));
    const missing = [...named].filter((t) => !snapshot.details(t)).slice(0, 20);
    for (const table of missing) {
      void this.metadata.details(org, table).then(
        () => this.schedule(document),
        () => undefined,
      );
    }
    return missing.length > 0;
  }

  complete(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList | undefined {
    const snapshot = this.snapshot(document);
    const incomplete = snapshot ? this.preload(document, snapshot) : false;
    // A notebook cell also sees what the cells above it define, as a block sees the file's variables.
    const outer = earlierDefinitions(document);
    const result = completeAt(lineSource(document), fromVsPosition(position), {
      ...(snapshot ? { metadata: snapshot } : {}),
      ...(outer ? { outer } : {}),
    });
    if (!result) return undefined;
    const range = toVsRange(result.range);
    return new vscode.CompletionList(
      result.items.map((item) => toVsItem(item, range)),
      incomplete,
    );
  }

  hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const snapshot = this.snapshot(document);
    const info = hoverAt(lineSource(document), fromVsPosition(position), snapshot ? { metadata: snapshot } : {});
    if (!info) return undefined;
    // appendText escapes: descriptions from the organization are never read as markdown or links.
    const text = new vscode.MarkdownString();
    text.appendText(info.title);
    for (const line of info.lines) text.appendMarkdown('\n\n').appendText(line);
    return new vscode.Hover(text, toVsRange(info.range));
  }

  codeActions(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const known = this.fixes.get(document.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const shown of context.diagnostics.filter((d) => d.source === SOURCE)) {
      const core = known.find((k) => k.code === shown.code && toVsRange(k.range).isEqual(shown.range));
      for (const fix of core?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [shown];
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, toVsRange(edit.range), edit.newText);
        action.isPreferred = core!.fixes!.length === 1;
        actions.push(action);
      }
    }
    return actions;
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isScratchpad(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.check(document);
      }, 250),
    );
  }

  private check(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const snapshot = this.snapshot(document);
    if (snapshot) this.preload(document, snapshot);
    const found = withoutEarlierNames(
      document,
      diagnoseDocument(this.documents.get(document), snapshot ? { metadata: snapshot } : {}),
    );
    this.fixes.set(document.uri.toString(), found);
    this.diagnostics.set(
      document.uri,
      found.map((d) => {
        const severity =
          d.severity === 'error'
            ? vscode.DiagnosticSeverity.Error
            : d.severity === 'warning'
              ? vscode.DiagnosticSeverity.Warning
              : vscode.DiagnosticSeverity.Information;
        const shown = new vscode.Diagnostic(toVsRange(d.range), d.message, severity);
        shown.source = SOURCE;
        shown.code = d.code;
        return shown;
      }),
    );
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}

function toVsItem(item: CoreItem, range: vscode.Range): vscode.CompletionItem {
  const out = new vscode.CompletionItem(item.label, KINDS[item.kind]);
  out.range = range;
  if (item.detail) out.detail = item.detail;
  // A plain string is shown as text, never as markdown.
  if (item.documentation) out.documentation = item.documentation;
  if (item.insertText !== undefined) {
    out.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  }
  if (item.sortText) out.sortText = item.sortText;
  if (item.retrigger) out.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
  return out;
}
