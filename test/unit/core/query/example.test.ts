import { strict as assert } from 'node:assert';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import { exampleScratchpad } from '../../../../src/core/query/syntax/example';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { resolveRequest } from '../../../../src/core/query/run/resolve';
import { csdlSnapshot } from './csdlSnapshot';

describe('the new-scratchpad example', () => {
  const doc = parseDocument(exampleScratchpad('https://contoso.crm.dynamics.com', 'contoso'));
  const metadata = csdlSnapshot();

  it('parses and checks against real metadata without a single diagnostic', () => {
    assert.deepEqual(diagnoseDocument(doc, { metadata }), []);
    assert.equal(doc.connection?.orgUrl?.url, 'https://contoso.crm.dynamics.com');
    assert.deepEqual(
      doc.requests.map((r) => r.kind),
      ['http', 'http', 'http', 'fetchxml', 'http', 'http', 'http'],
    );
  });

  it('resolves every request once the create has run', () => {
    const ctx = {
      entitySetOf: (n: string) => metadata.tableByLogicalName(n)?.entitySetName,
      orgUrl: 'https://contoso.crm.dynamics.com',
      responses: (n: string) =>
        n === 'newAccount'
          ? {
              status: 204,
              headers: {
                'OData-EntityId':
                  'https://contoso.crm.dynamics.com/api/data/v9.2/accounts(00000000-0000-0000-0000-0000000000aa)',
              },
              body: '',
            }
          : undefined,
    };
    const results = doc.requests.map((r) => resolveRequest(doc, r, ctx));
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.filter((r) => !r.ok)),
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? r.request.safety.access : '')),
      ['read', 'read', 'read', 'read', 'write', 'read', 'write'],
    );
  });
});
