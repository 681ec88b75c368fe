// Fuzzes the SQL parser with 100,000 seeded inputs (valid queries mutated by characters and by
// tokens, truncated, and random token soup): it never throws, every error and every node has a
// range inside the text, and translation and completion never throw on what it returns.
import { strict as assert } from 'node:assert';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { translateSelect } from '../../../../../src/core/query/sql/translate';
import { translateTargetRows } from '../../../../../src/core/query/sql/dml';
import { sqlCompletionContext, sqlSymbolAt } from '../../../../../src/core/query/sql/completionContext';
import { fetchXmlToSql } from '../../../../../src/core/query/sql/fetchToSql';
import { csdlSnapshot } from '../csdlSnapshot';
import { CASES } from './translateCases';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  'SELECT',
  'FROM',
  'WHERE',
  'JOIN',
  'LEFT',
  'OUTER',
  'INNER',
  'ON',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'LIKE',
  'BETWEEN',
  'ESCAPE',
  'GROUP',
  'BY',
  'ORDER',
  'HAVING',
  'TOP',
  'DISTINCT',
  'AS',
  'OFFSET',
  'FETCH',
  'NEXT',
  'ROWS',
  'ONLY',
  'UNION',
  'INSERT',
  'INTO',
  'VALUES',
  'UPDATE',
  'SET',
  'DELETE',
  'CASE',
  'WHEN',
  'THEN',
  'END',
  'EXISTS',
  'CAST',
  'CONVERT',
  'COUNT',
  'YEAR',
  'account',
  'contact',
  'a',
  'c',
  'name',
  'a.name',
  'c.*',
  '*',
  '(',
  ')',
  ',',
  '.',
  ';',
  '=',
  '<>',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+',
  '-',
  '/',
  '%',
  "'x'",
  "'",
  "N'é'",
  '[',
  ']',
  '[q]',
  '"',
  '@p',
  '@',
  '1',
  '1.5',
  '-',
  '--c\n',
  '/*',
  '*/',
  '\n',
  ' ',
  '\t',
  'lastxdays(3)',
  'CURRENT_USER',
  '?',
  '{',
  '😀',
  '\u0000',
];
const CHARS = 'abcxyz019 _.,;()[]\'"*=<>!@-+/%\n\t#$é😀';

function mutate(src: string, r: () => number): string {
  const kind = Math.floor(r() * 6);
  const at = Math.floor(r() * (src.length + 1));
  switch (kind) {
    case 0:
      return src.slice(0, at);
    case 1:
      return src.slice(0, at) + src.slice(at + 1 + Math.floor(r() * 4));
    case 2:
      return src.slice(0, at) + CHARS[Math.floor(r() * CHARS.length)] + src.slice(at);
    case 3:
      return src.slice(0, at) + ` ${TOKENS[Math.floor(r() * TOKENS.length)]} ` + src.slice(at);
    case 4: {
      const words = src.split(/(\s+)/);
      const i = Math.floor(r() * words.length);
      words[i] = TOKENS[Math.floor(r() * TOKENS.length)]!;
      return words.join('');
    }
    default:
      return Array.from({ length: 1 + Math.floor(r() * 25) }, () => TOKENS[Math.floor(r() * TOKENS.length)]).join(
        r() < 0.8 ? ' ' : '',
      );
  }
}

function checkSpans(node: unknown, length: number, path: string): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n, i) => checkSpans(n, length, `${path}[${i}]`));
    return;
  }
  const o = node as Record<string, unknown>;
  const span = o.span as { start: number; end: number } | undefined;
  if (span) {
    assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${path}: integer offsets`);
    assert.ok(
      span.start >= 0 && span.start <= span.end && span.end <= length,
      `${path}: ${JSON.stringify(span)} in ${length}`,
    );
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'span') checkSpans(v, length, `${path}.${k}`);
}

describe('SQL parser fuzz (seeded)', function () {
  this.timeout(300_000);

  it('survives 100,000 mutated and random inputs with every range inside the text', () => {
    const r = rng(20261207);
    const metadata = csdlSnapshot();
    const seeds = CASES.map((c) => c.sql).concat([
      "UPDATE a SET a.name = c.fullname FROM account a JOIN contact c ON c.contactid = a.primarycontactid WHERE a.name = 'x'",
      "INSERT INTO account (name, revenue) VALUES ('a', 1), ('b', 2)",
      'DELETE FROM account WHERE statecode = 1',
      'SELECT name FROM account GROUP BY name HAVING COUNT(*) > 1 UNION SELECT fullname FROM contact',
    ]);
    let errors = 0;
    let translated = 0;
    for (let i = 0; i < 100_000; i++) {
      let input = seeds[Math.floor(r() * seeds.length)]!;
      const rounds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < rounds; k++) input = mutate(input, r);
      let result: ReturnType<typeof parseSql>;
      try {
        result = parseSql(input);
      } catch (e) {
        assert.fail(`parseSql threw on ${JSON.stringify(input)}: ${String(e)}`);
      }
      for (const e of result.errors) {
        assert.ok(
          e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= input.length,
          `error range ${JSON.stringify(e)} for ${JSON.stringify(input)}`,
        );
        assert.ok(e.message && !e.message.includes('undefined'), e.message);
      }
      errors += result.errors.length;
      checkSpans(result.statement, input.length, JSON.stringify(input));
      checkSpans(result.comments, input.length, JSON.stringify(input));
      if (i % 10 === 0) {
        const s = result.statement;
        try {
          if (s?.type === 'select') {
            const t = translateSelect(s, metadata, { p: 1 });
            translated++;
            for (const d of t.diagnostics) {
              assert.ok(
                d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= input.length,
                `diagnostic ${JSON.stringify(d)}`,
              );
            }
            if (t.fetchXml) assert.ok(fetchXmlToSql(t.fetchXml));
          } else if (s) translateTargetRows(s, metadata, { p: 1 });
          const offset = Math.floor(r() * (input.length + 1));
          sqlCompletionContext(input, offset);
          if (s) sqlSymbolAt(s, offset);
        } catch (e) {
          assert.fail(`translation or completion threw on ${JSON.stringify(input)}: ${String((e as Error).stack)}`);
        }
      }
    }
    assert.ok(errors > 10_000, `the inputs were mostly invalid (${errors} errors)`);
    assert.ok(translated > 1_000);
  });
});
