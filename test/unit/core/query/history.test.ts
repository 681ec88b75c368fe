import { strict as assert } from 'node:assert';
import { OrgUrl } from '../../../../src/core/org/orgUrl';
import { HISTORY_PER_ORG, QueryHistoryModel } from '../../../../src/core/query/history/history';
import { withoutSignedOut } from '../../../../src/core/query/history/historyAccounts';
import {
  HISTORY_MAX_TEXT,
  HistoryEntry,
  historyText,
  selfContainedText,
  summarize,
} from '../../../../src/core/query/history/historyEntry';
import {
  entryDescription,
  entryDetail,
  entryLabel,
  relativeTime,
  scratchpadForAll,
  scratchpadForEntry,
} from '../../../../src/core/query/history/historyView';
import { parseDocument } from '../../../../src/core/query/syntax/parser';

const ORG = OrgUrl.from('https://contoso.crm.dynamics.com');
const OTHER = OrgUrl.from('https://fabrikam.crm4.dynamics.com');
/** Two accounts (their sessions' ids) signed in to the same organizations. */
const A = 'session-of-alice';
const B = 'session-of-bob';
const FACTS = { ranAt: 1_700_000_000_000, status: 200, durationMs: 120, rows: 5 };
const JWT = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvbnRvc28ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

function entry(text: string, facts: Partial<typeof FACTS> = FACTS): HistoryEntry {
  const e = HistoryEntry.parse({ text, ...facts });
  assert.ok(e, `"${text}" did not parse`);
  return e;
}

describe('query history', () => {
  describe('the kept text', () => {
    const table: [string, string, string | undefined][] = [
      ['plain', 'GET accounts?$top=5', 'GET accounts?$top=5'],
      ['CRLF and trailing spaces', 'GET accounts  \r\nPrefer: x\r\n', 'GET accounts\nPrefer: x'],
      ['Authorization header', `GET WhoAmI\nAuthorization: Bearer ${JWT}`, 'GET WhoAmI'],
      ['any case, indented', 'GET WhoAmI\n  authorization : Basic dXNlcjpwYXNz', 'GET WhoAmI'],
      [
        'Cookie and Proxy-Authorization',
        'GET WhoAmI\nCookie: a=b\nProxy-Authorization: Basic x\nPrefer: y',
        'GET WhoAmI\nPrefer: y',
      ],
      ['API key headers', 'GET WhoAmI\nX-Api-Key: abc\nOcp-Apim-Subscription-Key: def\nx-ms-token: t', 'GET WhoAmI'],
      ['the connection line', '@connection = https://contoso.crm.dynamics.com\nGET WhoAmI', 'GET WhoAmI'],
      [
        'a secret-named variable is masked',
        '@clientSecret = abc123\nPOST x\n\n{"s": "{{clientSecret}}"}',
        '@clientSecret = [REDACTED]\nPOST x\n\n{"s": "{{clientSecret}}"}',
      ],
      [
        'a token-shaped value anywhere',
        `POST accounts\n\n{"description": "${JWT}"}`,
        'POST accounts\n\n{"description": "[REDACTED]"}',
      ],
      ['an ordinary variable is kept', '@top = 10\nGET accounts?$top={{top}}', '@top = 10\nGET accounts?$top={{top}}'],
      ['nothing left', 'Authorization: Bearer x\n  \n', undefined],
      ['too long', `GET accounts?$filter=name eq '${'a'.repeat(HISTORY_MAX_TEXT)}'`, undefined],
    ];
    for (const [name, input, expected] of table) {
      it(name, () => assert.equal(historyText(input), expected));
    }

    it('uses the given scrub for values with no recognizable shape', () => {
      assert.equal(
        historyText("GET accounts?$filter=name eq 'hunter2hunter2'", (t) => t.replace('hunter2hunter2', '[REDACTED]')),
        "GET accounts?$filter=name eq '[REDACTED]'",
      );
    });

    it('marks an entry whose text had a secret masked, so it is not sent as it is', () => {
      assert.equal(entry('@token = abc\nGET WhoAmI').redacted, true);
      assert.equal(entry('GET WhoAmI').redacted, false);
    });
  });

  describe('what an entry is', () => {
    const table: [string, string, string, 'read' | 'write'][] = [
      ['GET accounts?$select=name', 'GET', 'accounts?$select=name', 'read'],
      ['accounts?$top=5', 'GET', 'accounts?$top=5', 'read'],
      ['GET WhoAmI', 'GET', 'WhoAmI', 'read'],
      ['POST accounts\n\n{"name": "A"}', 'POST', 'accounts', 'write'],
      [
        'PATCH accounts(00000000-0000-0000-0000-000000000001)\n\n{}',
        'PATCH',
        'accounts(00000000-0000-0000-0000-000000000001)',
        'write',
      ],
      ['DELETE accounts(1)', 'DELETE', 'accounts(1)', 'write'],
      ['<fetch top="3">\n  <entity name="account">\n  </entity>\n</fetch>', 'FETCH', 'account', 'read'],
      ['POST $batch\n\nGET accounts?$top=1\n', 'POST', '$batch', 'read'],
      ['POST $batch\n\n--- changeset\nPOST accounts\n\n{"name": "A"}\n--- end\n', 'POST', '$batch', 'write'],
      ['@top = 3\n# a comment\nGET accounts?$top={{top}}', 'GET', 'accounts?$top={{top}}', 'read'],
    ];
    for (const [text, method, target, access] of table) {
      it(`${text.split('\n')[0]} → ${method} ${target} (${access})`, () => {
        assert.deepEqual(summarize(text), { method, target, access });
      });
    }

    it('a text with no request keeps its first line as the label', () => {
      assert.deepEqual(summarize('# only a comment\nnot a request at all'), {
        method: '',
        target: 'not a request at all',
        access: 'read',
      });
    });
  });

  describe('reading what globalState holds', () => {
    it('drops the old lists shared by every account of an organization (whose each entry was is unknown)', () => {
      const model = QueryHistoryModel.parse({
        [ORG.url]: ['GET WhoAmI', { text: 'accounts?$top=5' }],
        [OTHER.url]: { [A]: ['GET WhoAmI'] },
      });
      assert.deepEqual(model.entries(ORG, A), []);
      assert.deepEqual(model.toJSON(), { [OTHER.url]: { [A]: [{ text: 'GET WhoAmI' }] } });
    });

    it('reads the current shape back as it was written, old plain strings of an account included', () => {
      const model = QueryHistoryModel.empty()
        .add(ORG, A, entry('GET WhoAmI'))
        .add(OTHER, B, entry('POST accounts\n\n{}', { ranAt: 5, status: 204, durationMs: 3 }));
      const again = QueryHistoryModel.parse(JSON.parse(JSON.stringify(model.toJSON())));
      assert.deepEqual(again.toJSON(), model.toJSON());
      assert.equal(again.entries(ORG, A)[0]!.rows, 5);
      assert.equal(again.entries(OTHER, B)[0]!.access, 'write');
      const plain = QueryHistoryModel.parse({ [ORG.url]: { [A]: ['GET WhoAmI'] } }).entries(ORG, A);
      assert.equal(plain[0]!.ranAt, undefined);
      assert.equal(entryDescription(plain[0]!, Date.now()), 'earlier');
    });

    it('ignores junk: wrong types, bad facts, keys that are no organization', () => {
      for (const junk of [undefined, null, 42, 'text', [], [['x']]]) {
        assert.deepEqual(QueryHistoryModel.parse(junk).toJSON(), {});
      }
      const model = QueryHistoryModel.parse({
        'not a url': { [A]: ['GET WhoAmI'] },
        [ORG.url]: {
          [A]: [
            null,
            7,
            {},
            { text: 5 },
            [],
            { text: 'GET WhoAmI', ranAt: -1, status: 42, durationMs: 'slow', rows: 1.5 },
            '',
          ],
          '': ['GET x'],
          [B]: 'GET y',
        },
        [OTHER.url]: 'GET WhoAmI',
      });
      assert.deepEqual(model.toJSON(), { [ORG.url]: { [A]: [{ text: 'GET WhoAmI' }] } });
    });

    it('merges keys that name the same organization and drops repeated texts', () => {
      const model = QueryHistoryModel.parse({
        'https://CONTOSO.crm.dynamics.com/': { [A]: ['GET WhoAmI'] },
        [ORG.url]: { [A]: ['GET WhoAmI', 'GET accounts'] },
      });
      assert.deepEqual(
        model.entries(ORG, A).map((e) => e.text),
        ['GET WhoAmI', 'GET accounts'],
      );
    });

    it('strips secrets that old entries kept and keeps at most the cap', () => {
      const old = [
        `GET WhoAmI\nAuthorization: Bearer ${JWT}`,
        ...Array.from({ length: 40 }, (_, i) => `GET accounts?$top=${i}`),
      ];
      const entries = QueryHistoryModel.parse({ [ORG.url]: { [A]: old } }).entries(ORG, A);
      assert.equal(entries.length, HISTORY_PER_ORG);
      assert.equal(entries[0]!.text, 'GET WhoAmI');
    });
  });

  describe('changing it', () => {
    it('puts a new run first, replaces an older run of the same text, and caps the list', () => {
      let model = QueryHistoryModel.empty();
      for (let i = 0; i < HISTORY_PER_ORG + 5; i++) {
        model = model.add(ORG, A, entry(`GET accounts?$top=${i}`, { ...FACTS, ranAt: i }));
      }
      assert.equal(model.entries(ORG, A).length, HISTORY_PER_ORG);
      assert.equal(model.entries(ORG, A)[0]!.text, `GET accounts?$top=${HISTORY_PER_ORG + 4}`);
      model = model.add(ORG, A, entry('GET accounts?$top=10', { ...FACTS, ranAt: 999, status: 404 }));
      const list = model.entries(ORG, A);
      assert.equal(list.length, HISTORY_PER_ORG);
      assert.equal(list[0]!.status, 404);
      assert.equal(list.filter((e) => e.text === 'GET accounts?$top=10').length, 1);
      assert.deepEqual(model.entries(OTHER, A), []);
    });

    it("keeps each account's requests to itself: another account of the same organization sees none of them", () => {
      const model = QueryHistoryModel.empty().add(ORG, A, entry('GET a')).add(ORG, B, entry('GET b'));
      assert.deepEqual(
        model.entries(ORG, A).map((e) => e.text),
        ['GET a'],
      );
      assert.deepEqual(
        model.entries(ORG, B).map((e) => e.text),
        ['GET b'],
      );
      assert.deepEqual(model.clear(ORG, A).toJSON(), { [ORG.url]: { [B]: [{ text: 'GET b', ...FACTS }] } });
    });

    it('removes one entry, forgets one organization (every account) and leaves the others', () => {
      const a = entry('GET a');
      const model = QueryHistoryModel.empty()
        .add(ORG, A, a)
        .add(ORG, A, entry('GET b'))
        .add(ORG, B, entry('GET d'))
        .add(OTHER, A, entry('GET c'));
      assert.deepEqual(
        model
          .remove(ORG, A, a)
          .entries(ORG, A)
          .map((e) => e.text),
        ['GET b'],
      );
      const cleared = model.forget(ORG);
      assert.deepEqual(cleared.toJSON(), { [OTHER.url]: { [A]: [{ text: 'GET c', ...FACTS }] } });
      assert.deepEqual(
        model.entries(ORG, A).map((e) => e.text),
        ['GET b', 'GET a'],
        'the model is a value: changes make a new one',
      );
    });

    it('never writes a credential line, whatever it is given', () => {
      const made = HistoryEntry.fromRun(`GET WhoAmI\nAuthorization: Bearer ${JWT}\nCookie: x=1`, FACTS);
      assert.ok(made);
      assert.doesNotMatch(
        JSON.stringify(QueryHistoryModel.empty().add(ORG, A, made).toJSON()),
        /Authorization|Cookie|eyJ/i,
      );
    });
  });

  describe('dropping the history of accounts that signed out', () => {
    it('keeps the lists of signed-in sessions only, and says when nothing changes', () => {
      const stored = QueryHistoryModel.empty()
        .add(ORG, A, entry('GET a'))
        .add(ORG, B, entry('GET b'))
        .add(OTHER, B, entry('GET c'))
        .toJSON();
      assert.equal(withoutSignedOut(stored, new Set([A, B])), undefined);
      assert.deepEqual(withoutSignedOut(stored, new Set([B])), {
        [ORG.url]: { [B]: [{ text: 'GET b', ...FACTS }] },
        [OTHER.url]: { [B]: [{ text: 'GET c', ...FACTS }] },
      });
      assert.deepEqual(withoutSignedOut(stored, new Set()), {});
      assert.equal(withoutSignedOut(undefined, new Set()), undefined);
      assert.deepEqual(
        withoutSignedOut({ [ORG.url]: ['GET shared'] }, new Set([A])),
        {},
        'the old shared lists go too',
      );
    });
  });

  describe('the text kept for a request of a scratchpad', () => {
    it('carries the file variables the request uses, through other variables, and not the ones it sets itself', () => {
      const text =
        '@connection = https://contoso.crm.dynamics.com\n@set = accounts\n@top = 10\n@q = {{set}}?$top={{top}}\n@unused = 1\n\n###\n@top = 2\nGET {{q}}\n';
      const doc = parseDocument(text);
      const request = doc.requests[0]!;
      assert.equal(
        selfContainedText(doc, request, '@top = 2\nGET {{q}}'),
        '@set = accounts\n@q = {{set}}?$top={{top}}\n@top = 2\nGET {{q}}',
      );
    });

    it('leaves a request of the first block and one without references as they are', () => {
      const doc = parseDocument('@top = 1\nGET accounts?$top={{top}}\n\n###\nGET WhoAmI\n');
      assert.equal(
        selfContainedText(doc, doc.requests[0]!, '@top = 1\nGET accounts?$top={{top}}'),
        '@top = 1\nGET accounts?$top={{top}}',
      );
      assert.equal(selfContainedText(doc, doc.requests[1]!, 'GET WhoAmI'), 'GET WhoAmI');
    });
  });

  describe('how entries read', () => {
    const now = 1_700_000_000_000;
    const times: [number, string][] = [
      [0, 'just now'],
      [59_000, 'just now'],
      [60_000, '1 min ago'],
      [59 * 60_000, '59 min ago'],
      [3 * 3_600_000, '3 h ago'],
      [30 * 3_600_000, 'yesterday'],
      [4 * 86_400_000, '4 days ago'],
    ];
    for (const [ago, expected] of times) {
      it(`${ago} ms ago reads "${expected}"`, () => assert.equal(relativeTime(now - ago, now), expected));
    }

    it('an old run reads as its date', () => {
      assert.match(relativeTime(now - 30 * 86_400_000, now), /^\d{4}-\d\d-\d\d$/);
    });

    it('label, description and detail', () => {
      const e = entry(`GET accounts?$select=${'name,'.repeat(40)}revenue`, {
        ranAt: now - 5 * 60_000,
        status: 200,
        durationMs: 1530,
        rows: 1,
      });
      assert.equal(entryLabel(e).length, 80);
      assert.ok(entryLabel(e).startsWith('GET accounts?$select=name,') && entryLabel(e).endsWith('…'));
      assert.equal(entryDescription(e, now), '5 min ago · 200 · 1.5 s');
      assert.equal(entryDetail(e), 'read · 1 row');
      assert.equal(
        entryDetail(entry('@password = x\nPOST a\n\n{}', {})),
        'write · a secret was removed: open it to fill it in',
      );
      assert.equal(entryLabel(entry("GET accounts?$filter=name eq 'a\n  b'")), "GET accounts?$filter=name eq 'a");
    });

    it('one entry opens as the connection line and the request', () => {
      assert.equal(scratchpadForEntry(ORG.url, entry('GET WhoAmI')), `@connection = ${ORG.url}\n\nGET WhoAmI\n`);
    });

    it('all entries open as ### blocks, each saying when it ran, and parse back to the same requests', () => {
      const entries = [
        entry('GET WhoAmI', { ranAt: now, status: 200, durationMs: 12 }),
        entry('@top = 2\nGET accounts?$top={{top}}', {}),
        entry('POST accounts\n\n{"name": "A"}', { ranAt: now, status: 204 }),
      ];
      const text = scratchpadForAll(ORG.url, entries);
      assert.ok(text.startsWith(`@connection = ${ORG.url}\n\n### GET WhoAmI\n# Ran `));
      assert.match(text, /# Ran \d{4}-\d\d-\d\d \d\d:\d\d · status 200 · 12 ms\nGET WhoAmI/);
      assert.match(text, /# Ran before run times were kept\n@top = 2/);
      const doc = parseDocument(text);
      assert.equal(doc.connection?.orgUrl?.url, ORG.url);
      assert.deepEqual(
        doc.requests.map((r) => r.line?.target.text),
        ['WhoAmI', 'accounts?$top={{top}}', 'accounts'],
      );
      assert.deepEqual(
        doc.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
    });
  });
});
