// The l10n lint rule knows the query languages' own error paths: a sentence passed as a plain literal to
// the SQL parser's c.error, the translator's ctx.error / f.ctx.error, the lexer's lexError, or thrown as a
// ConvertError, DmlError, DmlSyntaxError or Problem is refused; the same text through l10n.t passes.
import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';

describe('l10n lint rule for SQL and conversions', function () {
  this.timeout(60000);
  const eslint = new ESLint();

  async function l10nMessages(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  }

  const untranslated: [string, string][] = [
    ['src/core/query/sql/example.ts', "export const f = (c: any) => c.error('Expected a table name here.');\n"],
    [
      'src/core/query/sql/example.ts',
      'export const f = (c: any) => c.error(`Expected a join condition, found ${c.describe()}.`);\n',
    ],
    [
      'src/core/query/sql/example.ts',
      "export const f = (ctx: any, s: any) => ctx.error('sql-type', 'ESCAPE takes one character.', s);\n",
    ],
    [
      'src/core/query/sql/example.ts',
      "export const f = (f: any, s: any) => f.ctx.error('sql-join', 'Move this one to WHERE.', s);\n",
    ],
    [
      'src/core/query/sql/example.ts',
      "export const f = (lexError: any) => lexError('This name is not closed.', 0, 1);\n",
    ],
    [
      'src/core/query/convert/example.ts',
      "export const f = (E: any) => { throw new ConvertError('Only a GET query.'); };\n",
    ],
    ['src/core/query/sql/dml/example.ts', "export const f = () => new DmlError('Not run: no WHERE.', 'x');\n"],
    [
      'src/core/query/sql/dml/example.ts',
      "export const f = (s: any) => new DmlSyntaxError('An INSERT needs VALUES.', s);\n",
    ],
    ['src/core/query/sql/example.ts', "export const f = () => new Problem('<order> needs an attribute.', 0);\n"],
  ];
  for (const [file, code] of untranslated) {
    it(`refuses ${code.trim()}`, async () => {
      assert.equal((await l10nMessages(file, code)).length, 1, code);
    });
  }

  it('accepts the same messages through l10n.t, and codes that are not sentences', async () => {
    const code = [
      "import * as l10n from '@vscode/l10n';",
      "export const a = (c: any) => c.error(l10n.t('Expected a table name, found {0}.', c.describe()));",
      "export const b = (ctx: any, s: any) => ctx.error('sql-type', l10n.t('{0} takes one character.', 'ESCAPE'), s);",
      "export const d = () => new DmlError(l10n.t('Not run: no {0}.', 'WHERE'), 'sql_dml_no_where');",
      '',
    ].join('\n');
    assert.deepEqual(await l10nMessages('src/core/query/sql/example.ts', code), []);
  });
});
