// The completion, hover and result shapes the VS Code side maps 1:1 onto its own types. Items are
// plain immutable objects, built once per table and shared between calls, so an adapter can cache
// its converted items by identity.
import type { Range } from '../syntax/text';

export type CompletionKind =
  | 'table'
  | 'column'
  | 'navigation'
  | 'operator'
  | 'function'
  | 'keyword'
  | 'value'
  | 'queryOption'
  | 'header'
  | 'variable'
  | 'method'
  | 'element'
  | 'attribute'
  | 'snippet';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label, e.g. "Lookup → contact · Primary Contact". Plain text. */
  readonly detail?: string;
  /** Longer plain text (e.g. the column's description from the org). Never markdown. */
  readonly documentation?: string;
  /** Text to insert; the label when missing. A snippet (${1:…} placeholders) when `snippet` is set. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  readonly sortText?: string;
  /** Ask for completion again after inserting (e.g. after "$select="). */
  readonly retrigger?: boolean;
}

export interface CompletionResult {
  /** The text the chosen item replaces (the word being typed; empty at the cursor when nothing is typed yet). */
  readonly range: Range;
  readonly items: readonly CompletionItem[];
}

export interface HoverInfo {
  readonly range: Range;
  /** First line, e.g. "name — Account Name". Plain text. */
  readonly title: string;
  /** Further lines of plain text (type, table, description). Never markdown: render as text. */
  readonly lines: readonly string[];
}
