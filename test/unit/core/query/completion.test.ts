import { strict as assert } from 'node:assert';
import { csdlSnapshot } from './csdlSnapshot';
import { completeAt } from '../../../../src/core/query/language/completion';
import { completer } from './completeText';
import { withCursor } from './cursorText';

const metadata = csdlSnapshot();

const { complete, labels, replaced } = completer(metadata);

describe('query completion (real CSDL metadata)', () => {
  describe('URL paths', () => {
    it('offers entity sets and common functions after the method', () => {
      const items = labels('GET acc|');
      assert.ok(items.includes('accounts'));
      assert.ok(items.includes('contacts'));
      assert.ok(items.includes('WhoAmI'));
      assert.equal(replaced('GET acc|'), '0:4-0:7');
    });
    it('offers entity sets right after "GET "', () => {
      assert.ok(labels('GET |').includes('accounts'));
    });
    it('offers methods and entity sets for a lone word at the start of a line', () => {
      const items = labels('G|');
      assert.ok(items.includes('GET'));
      assert.ok(items.includes('accounts'));
    });
    it('offers methods, the SQL statements and a <fetch> snippet on an empty line', () => {
      assert.deepEqual(labels('|'), [
        'GET',
        'POST',
        'PATCH',
        'PUT',
        'DELETE',
        'SELECT',
        'INSERT INTO',
        'UPDATE',
        'DELETE FROM',
        '<fetch>',
      ]);
    });
    it('offers navigation properties after a key', () => {
      const items = labels('GET accounts(00000000-0000-0000-0000-000000000000)/|');
      assert.ok(items.includes('contact_customer_accounts'));
      assert.ok(items.includes('primarycontactid'));
    });
  });

  describe('query options', () => {
    it('offers option names after ? and &', () => {
      assert.ok(labels('GET accounts?|').includes('$select'));
      assert.ok(labels('GET accounts?$top=1&$fil|').includes('$filter'));
      const select = complete('GET accounts?|')!.items.find((i) => i.label === '$select')!;
      assert.equal(select.insertText, '$select=');
      assert.equal(select.retrigger, true);
    });
    it('offers the columns of the table in $select, lookups as _x_value, without lookup name columns', () => {
      const items = labels('GET accounts?$select=na|');
      assert.ok(items.includes('name'));
      assert.ok(items.includes('_primarycontactid_value'));
      assert.ok(!items.includes('primarycontactid'));
      assert.ok(!items.includes('primarycontactidname'));
      assert.equal(replaced('GET accounts?$select=name,acc|'), '0:26-0:29');
    });
    it('describes a column with its type and display name', () => {
      const item = complete('GET accounts?$select=|')!.items.find((i) => i.label === '_primarycontactid_value')!;
      assert.equal(item.kind, 'column');
      assert.match(item.detail!, /^Lookup → contact · /);
    });
    it('follows a navigation segment to the related table', () => {
      const items = labels('GET accounts(00000000-0000-0000-0000-000000000000)/contact_customer_accounts?$select=|');
      assert.ok(items.includes('fullname'));
      assert.ok(!items.includes('accountnumber'));
    });
    it('offers navigation properties in $expand and the related columns inside nav(…)', () => {
      assert.ok(labels('GET accounts?$expand=pri|').includes('primarycontactid'));
      assert.deepEqual(labels('GET accounts?$expand=primarycontactid(|)'), [
        '$select',
        '$filter',
        '$orderby',
        '$expand',
        '$top',
      ]);
      assert.ok(labels('GET accounts?$expand=primarycontactid($select=ful|)').includes('fullname'));
      assert.ok(
        labels(
          'GET accounts?$expand=primarycontactid($select=fullname;$expand=parentcustomerid_account($select=|))',
        ).includes('accountnumber'),
      );
    });
    it('offers columns, then asc/desc, in $orderby', () => {
      assert.ok(labels('GET accounts?$orderby=|').includes('createdon'));
      assert.deepEqual(labels('GET accounts?$orderby=name |'), ['asc', 'desc']);
    });
    it('works across continuation lines', () => {
      assert.ok(labels('GET accounts\n  ?$select=name\n  &$filter=|').includes('statecode'));
      assert.equal(replaced('GET accounts\n  ?$select=name\n  &$filter=sta|'), '2:11-2:14');
    });
  });

  describe('$filter', () => {
    it('offers columns, functions and not where an operand goes', () => {
      const items = labels('GET accounts?$filter=|');
      for (const l of [
        'name',
        'contains',
        'startswith',
        'endswith',
        'not',
        'Microsoft.Dynamics.CRM.Today',
        'Microsoft.Dynamics.CRM.LastXDays',
        'Microsoft.Dynamics.CRM.In',
        'Microsoft.Dynamics.CRM.Between',
      ]) {
        assert.ok(items.includes(l), l);
      }
      const lastX = complete('GET accounts?$filter=|')!.items.find(
        (i) => i.label === 'Microsoft.Dynamics.CRM.LastXDays',
      )!;
      assert.equal(lastX.snippet, true);
      assert.equal(
        lastX.insertText,
        "Microsoft.Dynamics.CRM.LastXDays(PropertyName='${1:column}',PropertyValue=${2:value})",
      );
    });
    it('offers comparison operators after a column and and/or after a value', () => {
      assert.deepEqual(labels('GET accounts?$filter=name |'), ['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
      assert.deepEqual(labels("GET accounts?$filter=name eq 'x' |"), ['and', 'or']);
      assert.deepEqual(labels("GET accounts?$filter=contains(name,'x') |"), ['and', 'or']);
      assert.ok(labels("GET accounts?$filter=name eq 'x' and |").includes('revenue'));
    });
    it('offers the choice values of a choice column, with their labels', () => {
      const r = complete('GET accounts?$filter=industrycode eq |')!;
      const first = r.items[0]!;
      assert.equal(first.label, '1');
      assert.equal(first.detail, 'Accounting');
      assert.ok(r.items.some((i) => i.label === 'null'));
      assert.deepEqual(labels('GET accounts?$filter=statecode eq |').slice(0, 2), ['0', '1']);
    });
    it('offers the related columns after a single-valued navigation and any/all after a collection', () => {
      assert.ok(labels('GET accounts?$filter=primarycontactid/|').includes('fullname'));
      assert.deepEqual(labels('GET accounts?$filter=contact_customer_accounts/|'), ['any', 'all']);
      assert.ok(labels('GET accounts?$filter=contact_customer_accounts/any(c:c/|').includes('fullname'));
    });
    it('offers logical names inside PropertyName and the parameters of a query function', () => {
      const items = labels("GET accounts?$filter=Microsoft.Dynamics.CRM.Today(PropertyName='|')");
      assert.ok(items.includes('createdon'));
      assert.ok(items.includes('primarycontactid'));
      assert.deepEqual(labels('GET accounts?$filter=Microsoft.Dynamics.CRM.Today(|'), [
        'PropertyName',
        'PropertyValue',
        'PropertyValues',
      ]);
    });
    it('offers nothing inside an ordinary string value', () => {
      assert.equal(complete("GET accounts?$filter=name eq 'Con|'"), undefined);
    });
  });

  describe('headers and variables', () => {
    it('offers header names under the request line and Prefer values after "Prefer:"', () => {
      assert.ok(labels('GET accounts\nPr|').includes('Prefer'));
      assert.equal(replaced('GET accounts\nPr|'), '1:0-1:2');
      assert.ok(labels('GET accounts\nPrefer: |').includes('odata.include-annotations="*"'));
      assert.ok(labels('GET accounts\nPrefer: return=representation, |').includes('odata.maxpagesize=100'));
    });
    it('offers no headers in the body (its columns instead)', () => {
      const items = labels('POST accounts\n\n{|}');
      assert.ok(!items.includes('Prefer'));
      assert.ok(items.includes('name'));
      assert.equal(complete('POST WhoAmI\n\n{|}'), undefined);
    });
    it('offers variables, named requests and system values inside {{', () => {
      const src = '@top = 5\n###\n# @name create\nPOST accounts\n\n{}\n###\n@local = 1\nGET accounts?$top={{|}}';
      assert.deepEqual(labels(src), ['local', 'top', 'create', '$guid', '$timestamp', '$isoTimestamp']);
      assert.ok(!labels('@top = 5\n###\n@mine = 1\nGET x\n###\nGET accounts?$top={{|}}').includes('mine'));
    });
    it('offers the parts of a response after a request name and a dot', () => {
      assert.deepEqual(labels('# @name create\nPOST accounts\n\n{}\n###\nGET accounts({{create.|}})'), [
        'id',
        'response.body.',
        'response.headers.',
        'response.status',
      ]);
    });
  });

  describe('FetchXML', () => {
    const fetch = (inner: string): string => `<fetch>\n  <entity name="account">\n    ${inner}\n  </entity>\n</fetch>`;
    it('offers table logical names in <entity name>', () => {
      const items = labels('<fetch>\n  <entity name="acc|"/>\n</fetch>');
      assert.ok(items.includes('account'));
      assert.ok(!items.includes('accounts'));
    });
    it("offers the entity's columns by logical name", () => {
      const items = labels(fetch('<attribute name="|"/>'));
      assert.ok(items.includes('name'));
      assert.ok(items.includes('primarycontactid'));
      assert.ok(!items.includes('_primarycontactid_value'));
    });
    it('offers child elements by parent', () => {
      assert.deepEqual(labels(fetch('<|')), ['attribute', 'all-attributes', 'order', 'filter', 'link-entity']);
      assert.deepEqual(labels(fetch('<filter><|')), ['condition', 'filter', 'link-entity']);
    });
    it('offers operators and choice values in a condition', () => {
      const ops = labels(fetch('<filter><condition attribute="industrycode" operator="|" /></filter>'));
      for (const o of ['eq', 'like', 'in', 'between', 'last-x-days', 'eq-userid', 'not-null']) {
        assert.ok(ops.includes(o), o);
      }
      const values = complete(
        fetch('<filter><condition attribute="industrycode" operator="eq" value="|" /></filter>'),
      )!.items;
      assert.equal(values[0]!.detail, 'Accounting');
    });
    it("offers the link-entity's columns for from= and the parent's for to=", () => {
      assert.ok(labels(fetch('<link-entity name="contact" from="|" to="primarycontactid" />')).includes('fullname'));
      assert.ok(labels(fetch('<link-entity name="contact" from="contactid" to="|" />')).includes('accountnumber'));
      assert.ok(
        labels(
          fetch(
            '<link-entity name="contact" from="contactid" to="primarycontactid"><attribute name="|"/></link-entity>',
          ),
        ).includes('fullname'),
      );
    });
    it('offers attribute names inside a tag, and fixed values such as link-type', () => {
      assert.ok(labels(fetch('<link-entity |')).includes('link-type'));
      assert.deepEqual(labels(fetch('<link-entity name="contact" link-type="|"')).slice(0, 2), ['inner', 'outer']);
    });
  });

  describe('$batch', () => {
    it('completes inside the operations of a batch', () => {
      const src = 'POST $batch\n\nGET accounts?$select=|\n\n--- changeset\nPATCH contacts(1)\n\n{}\n--- end';
      assert.ok(labels(src).includes('name'));
      assert.ok(labels('POST $batch\n\n--- changeset\nPATCH contacts?$sel|\n\n{}\n--- end').includes('$select'));
    });
  });

  it('offers only the fixed vocabulary without metadata', () => {
    const { text, position } = withCursor('GET accounts?$filter=|');
    const items = completeAt(text, position)!.items.map((i) => i.label);
    assert.ok(items.includes('contains'));
    assert.ok(!items.includes('name'));
  });
});
