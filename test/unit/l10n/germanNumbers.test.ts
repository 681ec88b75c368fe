// Numbers inside real messages follow the display language: with the German bundle configured and the
// locale 'de' (as the extension sets both at activation) a SQL write's question and summary, the
// results view's progress and row-limit note, a notebook output's summary and a history entry read
// "5.000 Zeilen" and "1,5 s"; in English the same calls read "5,000 rows". The .dvnb file itself
// is the same whoever saves it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { setDisplayLocale } from '../../../src/core/numberFormat';
import { dmlPrompt, summaryText } from '../../../src/core/query/sql/dml/confirm';
import type { DmlStatement } from '../../../src/core/query/sql/dml/statement';
import { limitNote } from '../../../src/core/results/rowLimit';
import { RunLifetime, type PageSteps } from '../../../src/core/results/runLifetime';
import type { HostMessage } from '../../../src/core/results/protocol';
import { outputSummary } from '../../../src/core/notebook/storedOutput';
import { serializeNotebook, type NotebookFile, type StoredOutput } from '../../../src/core/notebook/notebookFile';
import { HistoryEntry } from '../../../src/core/query/history/historyEntry';
import { entryDescription, entryDetail } from '../../../src/core/query/history/historyView';

const german = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8'),
) as Record<string, unknown>;

function inGerman<T>(run: () => T): T {
  l10n.config({ contents: german as Record<string, string> });
  setDisplayLocale('de');
  try {
    return run();
  } finally {
    l10n.config({ contents: {} });
    setDisplayLocale('en');
  }
}

const update: DmlStatement = { kind: 'update', table: 'account', fetchXml: '<fetch/>', hasWhere: true, set: [] };
const names = ['Contoso', 'Fabrikam', 'Litware', 'Adventure Works', 'Northwind', 'Tailspin'];

const rowsOutput: StoredOutput = {
  org: 'https://contoso.crm.dynamics.com',
  status: 200,
  durationMs: 1234,
  ranAt: '2026-12-07T18:00:00.000Z',
  rowCount: 5000,
  moreRows: true,
  columns: [{ id: 'name', header: 'name' }],
  rows: [['Contoso'], ['Fabrikam']],
};

const writeOutput: StoredOutput = {
  org: 'https://contoso.crm.dynamics.com',
  status: 200,
  durationMs: 12_500,
  write: { statement: 'UPDATE', table: 'account', total: 5000, affected: 3700, failed: 1300, notSent: 0 },
};

describe('numbers in German messages', () => {
  afterEach(() => {
    l10n.config({ contents: {} });
    setDisplayLocale('en');
  });

  it('asks before a SQL write of 5,000 rows with "5.000 Zeilen"', () => {
    const english = dmlPrompt(update, 5000, names, 'Sandbox', undefined);
    assert.equal(english.message, 'This SQL will update 5,000 rows of account in Sandbox. Continue?');
    assert.equal(english.send, 'Update 5,000 rows');
    assert.match(english.detail, /… and 4,995 more$/);

    const deutsch = inGerman(() => dmlPrompt(update, 5000, names, 'Sandbox', undefined));
    assert.equal(deutsch.message, 'Dieses SQL aktualisiert 5.000 Zeilen von account in Sandbox. Fortfahren?');
    assert.equal(deutsch.send, '5.000 Zeilen aktualisieren');
    assert.match(deutsch.detail, /… und 4.995 weitere$/);
  });

  it('sums up a SQL write of 5,000 rows in German', () => {
    const tally = { total: 5000, succeeded: 3700, failed: 1300, notSent: 0, cancelled: false };
    assert.equal(summaryText(update, tally), 'Updated 3,700 rows of 5,000 in account; 1,300 rows failed.');
    assert.equal(
      inGerman(() => summaryText(update, tally)),
      '3.700 Zeilen von 5.000 in account aktualisiert; 1.300 Zeilen fehlgeschlagen.',
    );
  });

  it('says the results view progress and its row limit in German', async () => {
    const busy = async (): Promise<string> => {
      const posted: HostMessage[] = [];
      const steps: PageSteps = {
        next: () => ({ kind: 'odata', link: 'https://org.example/api/data/v9.2/accounts?$skiptoken=1', headers: {} }),
        rowCount: () => 5000,
        fetch: () => Promise.resolve({ rows: [], durationMs: 1, sizeBytes: 0 }),
        accept: () => undefined,
      };
      await new RunLifetime((m) => posted.push(m)).loadPages(steps, 1, 1_000_000);
      const message = posted.find((m) => m.type === 'busy');
      return message?.type === 'busy' ? message.text : '';
    };
    assert.equal(await busy(), 'Loading… 5,000 rows so far');
    l10n.config({ contents: german as Record<string, string> });
    setDisplayLocale('de');
    assert.equal(await busy(), 'Wird geladen… bisher 5.000 Zeilen');
    assert.match(limitNote(50_000), /^Bei 50\.000 Zeilen angehalten, .*dynamics365\.results\.maxRows/);
  });

  it("writes a notebook output's summary with German numbers", () => {
    assert.equal(
      outputSummary(rowsOutput),
      '5,000+ rows (2 of 5,000+ rows stored) · 200 · 1,234 ms · contoso.crm.dynamics.com',
    );
    assert.equal(
      inGerman(() => outputSummary(rowsOutput)),
      '5.000+ Zeilen (2 von 5.000+ Zeilen gespeichert) · 200 · 1.234 ms · contoso.crm.dynamics.com',
    );
    assert.equal(
      inGerman(() => outputSummary(writeOutput)),
      'UPDATE account: 3.700 von 5.000 Zeilen betroffen, 1.300 fehlgeschlagen · 12.500 ms · contoso.crm.dynamics.com\n' +
        '  … und 1.300 weitere fehlgeschlagene Zeilen (nicht gespeichert)',
    );
  });

  it('shows a history entry with "1,5 s" and "5.000 Zeilen"', () => {
    const now = Date.parse('2026-12-07T18:00:00.000Z');
    const entry = HistoryEntry.fromRun('GET accounts', {
      ranAt: now - 5 * 60_000,
      status: 200,
      durationMs: 1500,
      rows: 5000,
    });
    assert.ok(entry);
    assert.equal(entryDescription(entry, now), '5 min ago · 200 · 1.5 s');
    assert.equal(entryDetail(entry), 'read · 5,000 rows');
    assert.equal(
      inGerman(() => entryDescription(entry, now)),
      'vor 5 Min. · 200 · 1,5 s',
    );
    assert.equal(
      inGerman(() => entryDetail(entry)),
      'Lesevorgang · 5.000 Zeilen',
    );
  });

  it('saves the same .dvnb whatever the display language: the file keeps numbers, not text', () => {
    const file: NotebookFile = {
      org: 'https://contoso.crm.dynamics.com',
      cells: [
        { kind: 'query', source: 'GET accounts', output: rowsOutput },
        { kind: 'query', source: 'UPDATE account SET name = 1 WHERE name = 2', output: writeOutput },
      ],
    };
    const english = serializeNotebook(file);
    assert.equal(
      inGerman(() => serializeNotebook(file)),
      english,
    );
    assert.match(english, /"rowCount": 5000/);
    assert.doesNotMatch(english, /5[.,]000|Zeilen|rows stored/);
  });
});
