// The SQL and conversion messages come out in the user's language: with @vscode/l10n configured from the
// German bundle (as the extension configures it from vscode.l10n at activation), a parse error keeps its
// position and reads German, and so do a translator diagnostic, a conversion refusal and a write summary.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { checkSql } from '../../../../../src/core/query/sql/check';
import { summaryText } from '../../../../../src/core/query/sql/dml/confirm';
import type { DmlStatement } from '../../../../../src/core/query/sql/dml/statement';
import { odataToFetchXml } from '../../../../../src/core/query/convert/odataToFetch';
import { snapshotSource } from '../../../../../src/core/query/convert/conversion';
import { csdlSnapshot } from '../csdlSnapshot';

const german = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8'),
) as Record<string, string>;

function inGerman<T>(run: () => T): T {
  l10n.config({ contents: german });
  try {
    return run();
  } finally {
    l10n.config({ contents: {} });
  }
}

const update: DmlStatement = { kind: 'update', table: 'account', fetchXml: '<fetch/>', hasWhere: true, set: [] };

describe('SQL messages in German', () => {
  before(function () {
    this.timeout(60_000);
    csdlSnapshot();
  });

  it('says a parse error in German, at the same position as in English', () => {
    const sql = 'SELECT name FROM account WHERE name IS 5';
    const english = parseSql(sql).errors;
    const deutsch = inGerman(() => parseSql(sql).errors);
    assert.deepEqual(
      english.map((e) => e.message),
      ['Expected NULL after IS, found "5".', 'Unexpected "5".'],
    );
    assert.deepEqual(
      deutsch.map((e) => e.message),
      ['NULL nach IS erwartet, gefunden: "5".', 'Unerwartet: "5".'],
    );
    assert.deepEqual(
      deutsch.map((e) => sql.slice(e.span.start, e.span.end)),
      ['5', '5'],
    );
    assert.deepEqual(
      deutsch.map((e) => e.span),
      english.map((e) => e.span),
    );
  });

  it('says the end of the query and an unclosed string in German', () => {
    const messages = inGerman(() => parseSql("SELECT name FROM account WHERE name = 'x").errors.map((e) => e.message));
    assert.ok(
      messages.includes(
        "Diese Zeichenfolge ist nicht geschlossen: Fügen Sie ein schließendes Anführungszeichen (') hinzu.",
      ),
      messages.join('\n'),
    );
    const end = inGerman(() => parseSql('SELECT name FROM').errors.map((e) => e.message));
    assert.deepEqual(end, ['Tabellenname erwartet, gefunden: das Ende der Abfrage.']);
  });

  it('says a translator diagnostic, a conversion refusal and a write summary in German', async () => {
    const diagnostics = inGerman(() => checkSql('SELECT nme FROM account', csdlSnapshot()).diagnostics);
    assert.match(diagnostics[0]!.message, /^Keine Spalte „nme“ in account\. Meinten Sie „[a-z]+“\?$/);

    l10n.config({ contents: german });
    try {
      const refused = await odataToFetchXml('POST accounts', snapshotSource(csdlSnapshot()));
      assert.deepEqual(refused, { ok: false, reason: 'Nur eine GET-Anfrage lässt sich in FetchXML umwandeln.' });
    } finally {
      l10n.config({ contents: {} });
    }

    const tally = { total: 3, succeeded: 2, failed: 1, notSent: 0, cancelled: false };
    assert.equal(
      inGerman(() => summaryText(update, tally)),
      '2 Zeilen von 3 in account aktualisiert; 1 Zeile fehlgeschlagen.',
    );
    assert.equal(summaryText(update, tally), 'Updated 2 rows of 3 in account; 1 row failed.');
  });
});
