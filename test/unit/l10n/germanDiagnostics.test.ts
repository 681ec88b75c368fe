// The scratchpad's diagnostics speak the display language: with @vscode/l10n configured with the German
// bundle (as the extension does at activation with vscode.l10n.bundle), a real diagnostic and its quick
// fix come out in German, with the org's names passed through untouched.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { diagnoseDocument } from '../../../src/core/query/language/diagnostics';
import { parseDocument } from '../../../src/core/query/syntax/parser';
import { csdlSnapshot } from '../core/query/csdlSnapshot';

const german = readFileSync(join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.de.json'), 'utf8');

describe('scratchpad diagnostics in German', () => {
  afterEach(() => l10n.config({ contents: {} }));

  it('reports an unknown entity set, and its fix, in German', () => {
    l10n.config({ contents: german });
    const doc = parseDocument('GET acounts?$select=name\n\n###\nGTE accounts');
    const [method, entitySet] = diagnoseDocument(doc, { metadata: csdlSnapshot() });

    assert.equal(method?.code, 'unknown-method');
    assert.equal(
      method.message,
      '„GTE“ ist keine Methode, die Dataverse annimmt. Verwenden Sie GET, POST, PATCH, PUT oder DELETE.',
    );
    assert.deepEqual(
      method.fixes?.map((f) => f.title),
      ['In GET ändern'],
    );
    assert.equal(entitySet?.code, 'unknown-entity-set');
    assert.equal(
      entitySet.message,
      'In den Metadaten dieser Organisation hat keine Tabelle den Entitätssatznamen „acounts“. Meinten Sie „accounts“?',
    );
    assert.equal(entitySet.fixes?.[0]?.title, 'In „accounts“ ändern');

    l10n.config({ contents: {} });
    assert.match(diagnoseDocument(parseDocument('GTE accounts'))[0]!.message, /^"GTE" is not a method/);
  });
});
