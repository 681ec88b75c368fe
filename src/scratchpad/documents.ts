// Parsed scratchpads, one parse per document version: CodeLens, completion, diagnostics and the
// runner all read the same QueryDocument. Also the conversions between the core's plain positions
// and VS Code's.
import * as vscode from 'vscode';
import { parseDocument } from '../core/query/syntax/parser';
import type { QueryDocument } from '../core/query/syntax/syntax';
import type { Position, Range } from '../core/query/syntax/text';

export class ScratchpadDocuments implements vscode.Disposable {
  private readonly parsed = new Map<string, { version: number; doc: QueryDocument }>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((d) => this.parsed.delete(d.uri.toString()));

  get(document: vscode.TextDocument): QueryDocument {
    const key = document.uri.toString();
    const hit = this.parsed.get(key);
    if (hit && hit.version === document.version) return hit.doc;
    const doc = parseDocument(document.getText());
    this.parsed.set(key, { version: document.version, doc });
    return doc;
  }

  dispose(): void {
    this.subscription.dispose();
    this.parsed.clear();
  }
}

export function toVsPosition(p: Position): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function toVsRange(r: Range): vscode.Range {
  return new vscode.Range(toVsPosition(r.start), toVsPosition(r.end));
}

export function fromVsPosition(p: vscode.Position): Position {
  return { line: p.line, character: p.character };
}
