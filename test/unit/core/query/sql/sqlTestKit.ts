// Helpers the SQL tests share: parse and translate against the real CSDL, and compare FetchXML
// ignoring layout.
import { strict as assert } from 'node:assert';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { translateSelect } from '../../../../../src/core/query/sql/translate';
import type { SelectStatement } from '../../../../../src/core/query/sql/ast';
import type { SqlParams } from '../../../../../src/core/query/sql/api';
import { csdlSnapshot } from '../csdlSnapshot';

export function normalize(xml: string): string {
  return xml
    .replace(/>\s+</g, '><')
    .replace(/\s*\/>/g, '/>')
    .replace(/<([\w-]+)((?:\s[^<>]*?[^/<>])?)><\/\1>/g, '<$1$2/>')
    .trim();
}

export function translate(sql: string, params: SqlParams = {}) {
  const parsed = parseSql(sql);
  assert.deepEqual(parsed.errors, [], `parse errors in ${sql}`);
  assert.equal(parsed.statement?.type, 'select');
  return translateSelect(parsed.statement as SelectStatement, csdlSnapshot(), params);
}
