// What a completion inside one part of a request returns: the items and the span they replace. Its
// own file so the URL completion and the $filter, $apply and <fetch> completions it calls share it
// without importing each other.
import type { CompletionItem } from './completionTypes';
import type { Span } from '../syntax/odataPath';

export interface SpanCompletion {
  /** Offsets in the target text of what the chosen item replaces. */
  readonly span: Span;
  readonly items: readonly CompletionItem[];
}
