import { strict as assert } from 'node:assert';
import { cellDocument, earlierCells } from '../../../../src/core/notebook/cellContext';
import {
  escapeText,
  notebookToMarkdown,
  notebookToScratchpad,
  scratchpadToNotebook,
} from '../../../../src/core/notebook/interop';
import type { NotebookFile } from '../../../../src/core/notebook/notebookFile';
import { outputSummary, storedOutputOf } from '../../../../src/core/notebook/storedOutput';
import type { Execution } from '../../../../src/core/results/execute';

const ORG = 'https://contoso.crm.dynamics.com';

describe('notebook interop', () => {
  const scratchpads = [
    '@connection = https://contoso.crm.dynamics.com\n@top = 3\n\n### List\nGET accounts?$top={{top}}\n\n### \n# @name create\nPOST contacts\n\n{"lastname":"A"}\n',
    '### only\nGET WhoAmI',
    'accounts?$top=1',
    '',
    '\r\n### crlf\r\nGET x\r\n',
  ];
  for (const text of scratchpads) {
    it(`a scratchpad to a notebook and back keeps the text: ${JSON.stringify(text.slice(0, 30))}`, () => {
      const notebook = scratchpadToNotebook(text);
      assert.equal(notebookToScratchpad(notebook), text);
    });
  }

  it('gives each block its own cell, the ### line in it', () => {
    const notebook = scratchpadToNotebook('@a = 1\n### one\nGET x\n### two\nGET y');
    assert.deepEqual(
      notebook.cells.map((c) => c.source),
      ['@a = 1', '### one\nGET x', '### two\nGET y'],
    );
  });

  it('a notebook to a scratchpad: the org as @connection, separators added, Markdown as comments', () => {
    const notebook: NotebookFile = {
      org: ORG,
      cells: [
        { kind: 'markdown', source: 'Title\n\ntext' },
        { kind: 'query', source: 'GET accounts' },
      ],
    };
    const text = notebookToScratchpad(notebook);
    assert.equal(text, `@connection = ${ORG}\n###\n# Title\n#\n# text\n###\nGET accounts`);
    assert.deepEqual(
      scratchpadToNotebook(text)
        .cells.map((c) => c.source)
        .slice(-1),
      ['###\nGET accounts'],
    );
  });

  it('exports Markdown with the rows as a table, every value escaped', () => {
    const md = notebookToMarkdown({
      org: ORG,
      cells: [
        { kind: 'markdown', source: '## Notes' },
        {
          kind: 'query',
          source: 'GET accounts',
          output: {
            org: ORG,
            status: 200,
            durationMs: 5,
            rowCount: 2,
            columns: [
              { id: 'name', header: 'name' },
              { id: 'n', header: 'n' },
            ],
            rows: [
              ['[click](https://evil.example) | <img src=x> *bold*', 1],
              ['two\nlines', null],
            ],
          },
        },
      ],
    });
    assert.match(md, /## Notes/);
    assert.match(md, /```http\nGET accounts\n```/);
    assert.match(md, /\| name \| n \|\n\| --- \| --- \|/);
    const row = md.split('\n').find((l) => l.includes('click'))!;
    assert.equal(row, '| \\[click\\]\\(https:&#47;&#47;evil.example\\) \\| &lt;img src=x&gt; \\*bold\\* | 1 |');
    assert.ok(md.includes('| two<br>lines |  |'));
  });

  it('escapes text so no link or tag survives', () => {
    assert.equal(escapeText('see www.x.com <b>'), 'see www&#46;x.com &lt;b&gt;');
  });

  it('stores at most N rows of an answer, formatted values beside raw, and says N of M', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      name: `A${i}`,
      revenue: i * 10,
      'revenue@OData.Community.Display.V1.FormattedValue': `$${i * 10}.00`,
    }));
    const execution: Execution = {
      status: 200,
      statusText: 'OK',
      durationMs: 12.4,
      sizeBytes: 1,
      headers: {},
      bodyText: '',
      rows,
    };
    const output = storedOutputOf(execution, { org: ORG, maxRows: 2 });
    assert.deepEqual(output.columns, [
      { id: 'name', header: 'name' },
      { id: 'revenue', header: 'revenue' },
      { id: 'revenue@formatted', header: 'revenue (formatted)', formatted: true },
    ]);
    assert.deepEqual(output.rows, [
      ['A0', 0, '$0.00'],
      ['A1', 10, '$10.00'],
    ]);
    assert.equal(output.rowCount, 5);
    assert.equal(outputSummary(output), '5 rows (2 of 5 rows stored) · 200 · 12 ms · contoso.crm.dynamics.com');
  });

  it('earlier cells lend their variables and request names to a later cell', () => {
    const earlier = earlierCells([
      '@top = 2\n@name = x',
      '### c\n# @name create\n@name = y\nPOST contacts\n\n{}',
      'GET x',
    ]);
    assert.deepEqual(
      [...earlier.variables],
      [
        ['top', '2'],
        ['name', 'y'],
      ],
    );
    assert.deepEqual([...earlier.requestNames], ['create']);
    const cell = cellDocument(earlier, '@top = 5\nGET accounts?$top={{top}}&x={{name}}');
    assert.equal(cell.lineOffset, 6);
    assert.equal(cell.requests.length, 1);
    assert.equal(cell.requests[0]!.variables[0]!.value, '5');
    assert.deepEqual(
      cell.doc.requests.map((r) => r.name?.value),
      ['create', undefined],
    );
    assert.deepEqual(
      cell.doc.variables.map((v) => v.name),
      ['top', 'name'],
    );
  });
});
