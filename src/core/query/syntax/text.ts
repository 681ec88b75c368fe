// Positions and ranges in a scratchpad, the way VS Code counts them (0-based line, UTF-16 column),
// and one line table per text so offsets and positions convert without rescanning the document.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Inclusive of both ends, so a cursor right after the last character still counts as inside. */
export function rangeContains(range: Range, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

/** An edit a quick fix applies: replace `range` with `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/**
 * Read access to a document's lines. The parser, completion and hover need only this, so the VS Code
 * side can hand over its TextDocument (`lineAt(i).text`) instead of copying the whole text per keystroke.
 */
export interface LineSource {
  readonly lineCount: number;
  lineText(line: number): string;
}

export function lineRange(line: number, from: number, to: number): Range {
  return { start: { line, character: from }, end: { line, character: to } };
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line starts of one text; lines end at \r\n, \n or a lone \r, as in VS Code. */
export class LineIndex implements LineSource {
  private readonly starts: number[] = [0];
  /** Offset where each line's content ends (before its line break). */
  private readonly ends: number[] = [];
  private readonly texts: (string | undefined)[] = [];

  constructor(readonly text: string) {
    LINE_BREAK.lastIndex = 0;
    for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
      this.ends.push(m.index);
      this.starts.push(m.index + m[0].length);
    }
    this.ends.push(text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineText(line: number): string {
    return (this.texts[line] ??= this.text.slice(this.starts[line], this.ends[line]));
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  lineEnd(line: number): number {
    return this.ends[line] ?? this.text.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: Math.min(o, this.ends[lo]!) - this.starts[lo]! };
  }

  /** Clamped to the text, and to the line's content (a column past the end means its end). */
  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[p.line]! + Math.max(0, p.character), this.ends[p.line]!);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The range of a part of one line, given as columns. */
  lineRange(line: number, from: number, to: number): Range {
    return lineRange(line, from, to);
  }
}
