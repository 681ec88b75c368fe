// Test helper: a text with a `|` marking the cursor, split into the text and the cursor position.
import type { Position } from '../../../../src/core/query/syntax/text';

export function withCursor(src: string): { text: string; position: Position } {
  const i = src.indexOf('|');
  if (i === -1) throw new Error('no | cursor in test text');
  const text = src.slice(0, i) + src.slice(i + 1);
  const before = text.slice(0, i);
  const line = before.split('\n').length - 1;
  return { text, position: { line, character: before.length - before.lastIndexOf('\n') - 1 } };
}
