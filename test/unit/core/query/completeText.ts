// Test helper: completion at the `|` of a text against a metadata snapshot, as labels or as the
// replaced range ("line:from-line:to").
import { completeAt } from '../../../../src/core/query/language/completion';
import type { CompletionResult } from '../../../../src/core/query/language/completionTypes';
import type { MetadataSnapshot } from '../../../../src/core/metadata/model';
import { withCursor } from './cursorText';

export function completer(metadata: MetadataSnapshot) {
  const complete = (src: string): CompletionResult | undefined => {
    const { text, position } = withCursor(src);
    return completeAt(text, position, { metadata });
  };
  return {
    complete,
    labels: (src: string): string[] => complete(src)?.items.map((i) => i.label) ?? [],
    replaced: (src: string): string => {
      const r = complete(src)!.range;
      return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    },
  };
}
