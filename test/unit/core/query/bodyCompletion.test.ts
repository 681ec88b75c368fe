// Completion in the JSON body of a create or update, against the real CSDL: writable columns,
// lookups as @odata.bind, deep inserts, choice and yes/no values; nothing where no row is written.
import { strict as assert } from 'node:assert';
import { jsonContextAt } from '../../../../src/core/query/language/jsonContext';
import { csdlSnapshot } from './csdlSnapshot';
import { completer } from './completeText';

const metadata = csdlSnapshot();

const { complete, labels, replaced } = completer(metadata);

describe('query completion in JSON bodies (real CSDL metadata)', () => {
  it('offers the columns of the created table inside a quoted name, replacing what is between the quotes', () => {
    const src = 'POST accounts\nContent-Type: application/json\n\n{\n  "na|"\n}';
    const result = complete(src)!;
    const name = result.items.find((i) => i.label === 'name');
    assert.ok(name, 'name is offered');
    assert.equal(name.insertText, 'name');
    assert.equal(replaced(src), '4:3-4:5');
  });

  it('inserts the quotes and the colon for a bare word where a name belongs', () => {
    const src = 'POST accounts\n\n{\n  na|\n}';
    const name = complete(src)!.items.find((i) => i.label === 'name')!;
    assert.equal(name.insertText, '"name": ');
    assert.equal(replaced(src), '3:2-3:4');
    assert.ok(labels('POST accounts\n\n{|').includes('name'), 'right after the opening brace');
  });

  it('offers a lookup as one @odata.bind per target table, never as _x_value or its name column', () => {
    const items = complete('POST contacts\n\n{\n  |\n}')!.items;
    const names = items.map((i) => i.label);
    assert.ok(
      names.includes('parentcustomerid_account@odata.bind'),
      names.filter((n) => n.includes('parentcustomer')).join(),
    );
    assert.ok(names.includes('parentcustomerid_contact@odata.bind'));
    assert.ok(!names.some((n) => n.startsWith('_') || n === 'parentcustomerid' || n === 'parentcustomeridname'));
    const bind = items.find((i) => i.label === 'parentcustomerid_account@odata.bind')!;
    assert.equal(bind.insertText, '"parentcustomerid_account@odata.bind": "/accounts(${1:id})"');
    assert.equal(bind.snippet, true);
    assert.match(bind.detail!, /account/);
  });

  it('leaves out names already written in the same object', () => {
    const items = labels('POST accounts\n\n{\n  "name": "Contoso",\n  "telephone1": "555",\n  |');
    assert.ok(!items.includes('name'));
    assert.ok(!items.includes('telephone1'));
    assert.ok(items.includes('websiteurl'));
  });

  it('offers only columns valid for the operation (read-only columns never)', () => {
    for (const method of ['POST accounts', 'PATCH accounts(00000000-0000-0000-0000-000000000001)']) {
      const items = labels(`${method}\n\n{ |`);
      assert.ok(items.includes('name'), method);
      assert.ok(!items.includes('createdon'), `${method}: createdon is read-only`);
      assert.ok(!items.includes('versionnumber'), `${method}: versionnumber is read-only`);
    }
  });

  it('offers choice values and true/false after a column name', () => {
    const state = complete('PATCH accounts(00000000-0000-0000-0000-000000000001)\n\n{ "statecode": | }')!;
    assert.deepEqual(
      state.items.map((i) => i.label),
      ['0', '1'],
    );
    assert.deepEqual(
      state.items.map((i) => i.detail),
      ['Active', 'Inactive'],
    );
    assert.deepEqual(labels('POST accounts\n\n{ "donotemail": f| }'), ['true', 'false']);
    assert.equal(replaced('POST accounts\n\n{ "donotemail": f| }'), '2:16-2:17');
  });

  it("completes a deep insert with the related table's columns, in objects and arrays", () => {
    const single = labels('POST accounts\n\n{\n  "name": "A",\n  "primarycontactid": {\n    "la|"');
    assert.ok(single.includes('lastname'), 'contact columns under primarycontactid');
    assert.ok(!single.includes('accountnumber'));
    const many = labels('POST accounts\n\n{\n  "contact_customer_accounts": [\n    { "firstname": "A" },\n    { "la|');
    assert.ok(many.includes('lastname'), 'contact columns in contact_customer_accounts[]');
  });

  it('offers nothing where no row is written, in a string value, or under an unknown table', () => {
    assert.equal(complete('GET accounts\n\n{ "na|" }'), undefined);
    assert.equal(complete('POST WhoAmI\n\n{ |'), undefined);
    assert.equal(complete('POST nosuchtables\n\n{ |'), undefined);
    assert.equal(complete('POST accounts\n\n{ "name": "Con|" }'), undefined);
    assert.equal(complete('POST accounts\n\n{ "nosuchnav": { |'), undefined);
  });

  it('follows a navigation path in the URL to the table being created', () => {
    const items = labels('POST accounts(00000000-0000-0000-0000-000000000001)/contact_customer_accounts\n\n{ |');
    assert.ok(items.includes('lastname'));
  });
});

describe('JSON context of a body', () => {
  const at = (src: string) => {
    const offset = src.indexOf('|');
    return jsonContextAt(src.replace('|', ''), offset);
  };
  it('tells a name from a value and tracks the path and written names', () => {
    assert.deepEqual(at('{ "a": 1, "b": { "c": [ { "d": true, |'), {
      slot: { kind: 'key', quoted: false, start: 37, end: 37 },
      path: ['b', 'c'],
      keys: new Set(['d']),
    });
    assert.equal(at('{ "a": |')?.slot.kind, 'value');
    assert.equal(at('[ |'), undefined, 'not in an object');
    assert.equal(at('|'), undefined);
    assert.equal(at('{ "a": "x\\"|')?.slot.kind, 'value', 'an escaped quote does not end the string');
    assert.equal(at('{ "a": 12 |'), undefined, 'after a complete value a comma is due');
  });
});
