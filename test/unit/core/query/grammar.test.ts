// Tokenizes scratchpad text with the TextMate engine and the JSON/XML grammars of the VS Code that
// the harness installs (vscode-textmate + vscode-oniguruma from code-server), so the highlighting,
// including the embedded JSON and XML, is checked with the same engine VS Code uses.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builds, installDir } from '../../../../scripts/harness/builds';

const ROOT = path.resolve(__dirname, '../../../..');
const vscodeDir = path.join(installDir(builds[0]!), 'node_modules', 'code-server', 'lib', 'vscode');

interface Token {
  text: string;
  scopes: string[];
}
type Tokenize = (text: string) => Token[][];

/** The part of vscode-textmate's and vscode-oniguruma's APIs used here (the packages ship with VS Code, not with us). */
interface Grammar {
  tokenizeLine(
    line: string,
    stack: unknown,
  ): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
}
interface TextMate {
  Registry: new (options: { onigLib: Promise<unknown>; loadGrammar(scope: string): Promise<unknown> }) => {
    loadGrammar(scope: string): Promise<Grammar | null>;
  };
  parseRawGrammar(content: string, filePath?: string): unknown;
  INITIAL: unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  OnigScanner: new (patterns: string[]) => unknown;
  OnigString: new (text: string) => unknown;
}

/* eslint-disable @typescript-eslint/no-require-imports -- VS Code's own copies, found at run time */
async function loadTokenizer(): Promise<Tokenize> {
  const textmate = require(path.join(vscodeDir, 'node_modules', 'vscode-textmate')) as TextMate;
  const onig = require(path.join(vscodeDir, 'node_modules', 'vscode-oniguruma')) as Oniguruma;
  const wasm = readFileSync(path.join(vscodeDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'source.dataverse-query': path.join(ROOT, 'syntaxes', 'dataverse-query.tmLanguage.json'),
    'source.json': path.join(vscodeDir, 'extensions', 'json', 'syntaxes', 'JSON.tmLanguage.json'),
    'text.xml': path.join(vscodeDir, 'extensions', 'xml', 'syntaxes', 'xml.tmLanguage.json'),
    'source.sql': path.join(vscodeDir, 'extensions', 'sql', 'syntaxes', 'sql.tmLanguage.json'),
  };
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s: string[]) => new onig.OnigScanner(s),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) =>
      files[scope] ? textmate.parseRawGrammar(readFileSync(files[scope]!, 'utf8'), files[scope]) : null,
  });
  const grammar = (await registry.loadGrammar('source.dataverse-query'))!;
  return (text) => {
    let stack = textmate.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammar.tokenizeLine(line, stack);
      stack = r.ruleStack;
      return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

describe("scratchpad TextMate grammar (VS Code's engine)", function () {
  let tokenize: Tokenize;
  before(async function () {
    if (!existsSync(path.join(vscodeDir, 'node_modules', 'vscode-textmate'))) {
      // The harness installs it (npm run harness:install, or HARNESS_CACHE_DIR pointing at an install).
      this.skip();
    }
    tokenize = await loadTokenizer();
  });

  /** The scopes of the first token on `line` whose text is `text`. */
  function scopesOf(lines: Token[][], line: number, text: string): string {
    const token = lines[line]!.find((t) => t.text === text) ?? lines[line]!.find((t) => t.text.includes(text));
    assert.ok(token, `no token "${text}" on line ${line}: ${JSON.stringify(lines[line]!.map((t) => t.text))}`);
    return token.scopes.join(' ');
  }

  const SAMPLE = [
    '@connection = https://contoso.crm.dynamics.com', // 0
    '@top = 10', // 1
    '### List accounts', // 2
    '# @name list', // 3
    "GET accounts?$select=name&$filter=name eq 'A' and statecode eq 0&$top={{top}} HTTP/1.1", // 4
    '  &$orderby=name desc', // 5
    'Prefer: odata.include-annotations="*"', // 6
    '', // 7
    '###', // 8
    'POST accounts', // 9
    '', // 10
    '{', // 11
    '  # a comment', // 12
    '  "name": "{{$guid}}"', // 13
    '}', // 14
    '###', // 15
    '<fetch top="5">', // 16
    '  <entity name="account" />', // 17
    '</fetch>', // 18
    '###', // 19
    'POST $batch', // 20
    '', // 21
    '--- changeset', // 22
    'PATCH accounts(00000000-0000-0000-0000-000000000001)', // 23
  ].join('\n');

  it('highlights the request line: method, query options, operators, strings, variables, version', () => {
    const t = tokenize(SAMPLE);
    assert.match(scopesOf(t, 4, 'GET'), /keyword\.control\.http-method/);
    assert.match(scopesOf(t, 4, '$select'), /support\.variable\.query-option/);
    assert.match(scopesOf(t, 4, 'eq'), /keyword\.operator\.word/);
    assert.match(scopesOf(t, 4, "'A'"), /string\.quoted\.single/);
    assert.match(scopesOf(t, 4, 'top'), /variable\.other\.reference/);
    assert.match(scopesOf(t, 4, 'HTTP/1.1'), /keyword\.other\.http-version/);
    assert.match(scopesOf(t, 5, '$orderby'), /support\.variable\.query-option/);
    assert.match(scopesOf(t, 5, 'desc'), /keyword\.operator\.word/);
    assert.match(scopesOf(t, 23, '00000000-0000-0000-0000-000000000001'), /constant\.other\.guid/);
  });

  it('highlights the connection, variables, separators, names, comments, headers and batch markers', () => {
    const t = tokenize(SAMPLE);
    assert.match(scopesOf(t, 0, 'connection'), /keyword\.other\.connection/);
    assert.match(scopesOf(t, 0, 'https://contoso.crm.dynamics.com'), /markup\.underline\.link/);
    assert.match(scopesOf(t, 1, 'top'), /variable\.other\.definition/);
    assert.match(scopesOf(t, 2, '###'), /punctuation\.separator\.request/);
    assert.match(scopesOf(t, 2, ' List accounts'), /entity\.name\.section/);
    assert.match(scopesOf(t, 3, 'list'), /entity\.name\.function\.request-name/);
    assert.match(scopesOf(t, 6, 'Prefer'), /support\.type\.property-name\.header/);
    assert.match(scopesOf(t, 22, 'changeset'), /keyword\.control\.changeset/);
  });

  it('embeds JSON in bodies, with comments and variables inside it', () => {
    const t = tokenize(SAMPLE);
    assert.match(scopesOf(t, 13, 'name'), /meta\.embedded\.block\.json.*support\.type\.property-name\.json/);
    assert.match(scopesOf(t, 12, '# a comment'), /comment\.line\.dataverse-query/);
    assert.match(scopesOf(t, 13, '$guid'), /variable\.other\.reference/);
    assert.match(scopesOf(t, 16, 'fetch'), /meta\.embedded\.block\.xml.*entity\.name\.tag/);
  });

  it('embeds XML in <fetch> blocks and returns to the scratchpad after </fetch>', () => {
    const t = tokenize(SAMPLE);
    assert.match(scopesOf(t, 17, 'entity'), /meta\.embedded\.block\.xml.*entity\.name\.tag/);
    assert.match(scopesOf(t, 17, 'account'), /string\.quoted\.double\.xml/);
    assert.doesNotMatch(scopesOf(t, 19, '###'), /xml/);
    assert.match(scopesOf(t, 20, 'POST'), /keyword\.control\.http-method/);
  });

  it('embeds SQL in SQL blocks (SELECT, DELETE FROM, a -- comment) and returns to the scratchpad at ###', () => {
    const t = tokenize(
      [
        '-- open accounts', // 0
        "SELECT a.name, COUNT(*) FROM account a WHERE a.name LIKE 'C%' AND a.city = @city", // 1
        '###', // 2
        'DELETE FROM account WHERE name = {{name}}', // 3
        '###', // 4
        'DELETE accounts(00000000-0000-0000-0000-000000000001)', // 5
        '###', // 6
        'POST $batch', // 7
        '', // 8
        '--- changeset', // 9
      ].join('\n'),
    );
    assert.match(scopesOf(t, 0, ' open accounts'), /meta\.embedded\.block\.sql.*comment\.line/);
    assert.match(scopesOf(t, 1, 'SELECT'), /meta\.embedded\.block\.sql.*keyword\.other\.DML\.sql/);
    assert.match(scopesOf(t, 1, 'C%'), /meta\.embedded\.block\.sql.*string\.quoted\.single\.sql/);
    assert.match(scopesOf(t, 1, 'COUNT'), /meta\.embedded\.block\.sql/);
    assert.doesNotMatch(scopesOf(t, 2, '###'), /sql/);
    assert.match(scopesOf(t, 3, 'DELETE'), /meta\.embedded\.block\.sql.*keyword/);
    assert.match(scopesOf(t, 3, 'name'), /meta\.embedded\.block\.sql/);
    assert.match(scopesOf(t, 5, 'DELETE'), /keyword\.control\.http-method/);
    assert.doesNotMatch(scopesOf(t, 5, 'DELETE'), /sql/);
    assert.match(scopesOf(t, 9, 'changeset'), /keyword\.control\.changeset/);
  });
});
