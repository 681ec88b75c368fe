// The results page's words: the bundle it reads from its meta tag (anything broken there leaves the
// page in English, never blank), and AG Grid's own texts given in the display language.
import assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridLocaleText, readBundle } from '../../../src/results/webview/pageText';

/** A page with the meta tag holding `content` (or none), as far as readBundle looks at it. */
const page = (content?: string): Document =>
  ({
    querySelector: (selector: string) =>
      selector === 'meta[name="l10n-bundle"]' && content !== undefined ? { content } : null,
  }) as unknown as Document;

describe('results page text', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('reads the bundle the extension put in the page', () => {
    const bundle = { 'No rows': 'Keine Zeilen', 'a/b': { message: 'x', comment: ['b'] } };
    assert.deepEqual(readBundle(page(JSON.stringify(bundle))), bundle);
  });

  it('falls back to English (an empty bundle) without a tag, with an empty or broken one', () => {
    for (const content of [undefined, '', '{"No rows":', '[1,2]', 'null', '"text"']) {
      assert.deepEqual(readBundle(page(content)), {}, String(content));
    }
  });

  it("gives AG Grid its no-rows text and the sortable header's hint in the display language", () => {
    assert.equal(gridLocaleText().noRowsToShow, 'No rows');
    assert.equal(gridLocaleText().ariaSortableColumn, 'Press Enter to sort');
    l10n.config({
      contents: { 'No rows': 'Keine Zeilen', 'Press Enter to sort': 'Zum Sortieren die Eingabetaste drücken' },
    });
    assert.deepEqual(gridLocaleText(), {
      noRowsToShow: 'Keine Zeilen',
      noMatchingRows: 'No rows match the filter',
      loadingOoo: 'Loading…',
      ariaSortableColumn: 'Zum Sortieren die Eingabetaste drücken',
      ariaSortableColumnWithCellSelection: 'Press Alt+Enter to sort',
    });
  });

  it('has German for every AG Grid text it sets, from the shipped bundle', () => {
    const english = gridLocaleText();
    const german = JSON.parse(readFileSync(join(__dirname, '../../../l10n/bundle.l10n.de.json'), 'utf8'));
    l10n.config({ contents: german });
    const translated = gridLocaleText();
    for (const key of Object.keys(english)) assert.notEqual(translated[key], english[key], key);
  });
});
