import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { referencedTables } from '../../../../src/core/query/language/references';
import { csdlSnapshot } from './csdlSnapshot';

describe('tables a request refers to (real CSDL metadata)', () => {
  const metadata = csdlSnapshot();
  const tables = (text: string): string[] => referencedTables(parseDocument(text).requests[0]!, metadata).sort();

  it('follows navigation segments and nested $expand to the related tables', () => {
    assert.deepEqual(tables('GET accounts(1)/contact_customer_accounts?$expand=owninguser($expand=businessunitid)'), [
      'account',
      'businessunit',
      'contact',
      'systemuser',
    ]);
    assert.deepEqual(tables('GET accounts?$expand=primarycontactid'), ['account', 'contact']);
  });
  it('lists FetchXML entities and link-entities, and the operations of a $batch', () => {
    assert.deepEqual(
      tables(
        '<fetch><entity name="account"><link-entity name="systemuser" from="systemuserid" to="ownerid"/></entity></fetch>',
      ),
      ['account', 'systemuser'],
    );
    assert.deepEqual(tables('POST $batch\n\nGET leads\n--- changeset\nPATCH opportunities(1)\n\n{}\n--- end'), [
      'lead',
      'opportunity',
    ]);
  });
  it('lists nothing for functions and unknown names', () => {
    assert.deepEqual(tables('GET WhoAmI'), []);
    assert.deepEqual(tables('GET nothings?$expand=x'), []);
  });
});
