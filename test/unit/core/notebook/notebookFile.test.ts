import { strict as assert } from 'node:assert';
import {
  NotebookFormatError,
  parseNotebook,
  serializeNotebook,
  type NotebookFile,
} from '../../../../src/core/notebook/notebookFile';

const sample: NotebookFile = {
  org: 'https://contoso.crm.dynamics.com',
  cells: [
    { kind: 'markdown', source: '# Accounts\n\nThe *big* ones.' },
    {
      kind: 'query',
      source: '# @name list\nGET accounts?$select=name,revenue\n  &$top=2',
      output: {
        org: 'https://contoso.crm.dynamics.com',
        status: 200,
        durationMs: 42,
        ranAt: '2026-12-07T18:00:00.000Z',
        rowCount: 250,
        moreRows: true,
        columns: [
          { id: 'name', header: 'name' },
          { id: 'revenue', header: 'revenue' },
          { id: 'revenue@formatted', header: 'revenue (formatted)', formatted: true },
        ],
        rows: [
          ['A "quoted" name', 1000, '$1,000.00'],
          ['Line\nbreak', null, null],
        ],
      },
    },
    {
      kind: 'query',
      source: '',
      output: {
        org: 'https://contoso.crm.dynamics.com',
        status: 404,
        durationMs: 3,
        error: { code: '0x80040217', message: 'Not found' },
      },
    },
    { kind: 'query', source: 'crlf\r\nline\r\n' },
  ],
};

describe('notebook file (.dvnb)', () => {
  it('round trips cells, sources and outputs exactly', () => {
    const text = serializeNotebook(sample);
    assert.deepEqual(parseNotebook(text), sample);
    assert.equal(serializeNotebook(parseNotebook(text)), text);
  });

  it('writes keys in one order whatever the order they were read in, a source line and a row per line', () => {
    const shuffled = JSON.stringify({
      cells: [{ source: ['x', 'y'], kind: 'query' }],
      org: 'https://a.crm.dynamics.com',
      version: 1,
      format: 'dynamics365-notebook',
    });
    const text = serializeNotebook(parseNotebook(shuffled));
    assert.equal(
      text,
      [
        '{',
        '  "format": "dynamics365-notebook",',
        '  "version": 1,',
        '  "org": "https://a.crm.dynamics.com",',
        '  "cells": [',
        '    {',
        '      "kind": "query",',
        '      "source": [',
        '        "x",',
        '        "y"',
        '      ]',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    const rows = serializeNotebook(sample)
      .split('\n')
      .filter((l) => l.includes('quoted'));
    assert.deepEqual(rows, ['          ["A \\"quoted\\" name",1000,"$1,000.00"],']);
  });

  it('keeps keys it does not know, in the file and in cells', () => {
    const text = JSON.stringify({
      format: 'dynamics365-notebook',
      version: 1,
      cells: [{ kind: 'query', source: ['x'], tags: ['b', 'a'] }],
      zeta: { b: 1, a: 2 },
    });
    const parsed = parseNotebook(text);
    assert.deepEqual(parsed.extra, { zeta: { b: 1, a: 2 } });
    assert.deepEqual(parsed.cells[0]!.extra, { tags: ['b', 'a'] });
    assert.deepEqual(parseNotebook(serializeNotebook(parsed)), parsed);
  });

  it('opens an empty file as an empty notebook', () => {
    assert.deepEqual(parseNotebook(''), { cells: [] });
    assert.deepEqual(parseNotebook(serializeNotebook({ cells: [] })), { cells: [] });
  });

  const malformed: [string, string, RegExp][] = [
    ['not JSON', '{ "cells": [ { "kind": "query", "source": ["a"] }, ', /not valid JSON \(Unexpected end/],
    ['a JSON array', '[]', /The file must be a JSON object/],
    ['another format', '{"format":"jupyter","cells":[]}', /"format" is "jupyter"/],
    [
      'a format that is not text',
      '{"format":{"a":1},"cells":[]}',
      /^"format" must be the text "dynamics365-notebook"\.$/,
    ],
    ['a format of null', '{"format":null,"cells":[]}', /^"format" must be the text "dynamics365-notebook"\.$/],
    ['a newer version', '{"version":99,"cells":[]}', /newer version \(format 99\)/],
    ['no cells', '{"org":"https://a.crm.dynamics.com"}', /"cells" must be a list/],
    [
      'a cell of unknown kind',
      '{"cells":[{"kind":"python","source":["x"]}]}',
      /Cell 1: "kind" must be "query" or "markdown"/,
    ],
    [
      'a source that is not text',
      '{"cells":[{"kind":"query","source":"a"},{"kind":"query","source":[1]}]}',
      /Cell 2: "source"/,
    ],
    [
      'rows that are not lists',
      '{"cells":[{"kind":"query","source":[],"output":{"org":"x","status":200,"durationMs":1,"rows":[{"a":1}]}}]}',
      /Cell 1: the output's "rows"/,
    ],
    [
      'an output without status',
      '{"cells":[{"kind":"query","source":[],"output":{"org":"x","durationMs":1}}]}',
      /"status" must be a number/,
    ],
  ];
  for (const [what, text, message] of malformed) {
    it(`refuses ${what} with the reason (nothing half-read that a save would cut)`, () => {
      assert.throws(
        () => parseNotebook(text),
        (err: unknown) => err instanceof NotebookFormatError && message.test(err.message),
      );
    });
  }

  it('says where a JSON error is, by line', () => {
    const text = '{\n  "cells": [\n    { "kind": "query", "source": ["a"] }\n    { "kind": "query" }\n  ]\n}';
    assert.throws(() => parseNotebook(text), /line 4/);
  });
});
