import { strict as assert } from 'node:assert';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import type { Diagnostic } from '../../../../src/core/query/syntax/diagnostic';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import type { TextEdit } from '../../../../src/core/query/syntax/text';
import { csdlSnapshot } from './csdlSnapshot';

const metadata = csdlSnapshot();

function diagnose(text: string): Diagnostic[] {
  return diagnoseDocument(parseDocument(text), { metadata });
}

/** code@line:from-to "covered text" */
function describeAll(text: string): string[] {
  const lines = text.split('\n');
  return diagnose(text).map(
    (d) =>
      `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character} "${lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)}"`,
  );
}

/** Applies a fix's edits (back to front) to the text. */
function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function fixed(text: string, code: string, fix = 0): string {
  const d = diagnose(text).find((x) => x.code === code);
  assert.ok(d?.fixes?.[fix], `no fix ${fix} for ${code} in ${JSON.stringify(describeAll(text))}`);
  return apply(text, d.fixes[fix]!.edits);
}

describe('query diagnostics (real CSDL metadata)', () => {
  it('accepts a correct query, FetchXML and functions without a word', () => {
    assert.deepEqual(
      describeAll(
        [
          "GET accounts?$select=name,_primarycontactid_value,revenue&$filter=statecode eq 0 and primarycontactid/fullname ne null and contact_customer_accounts/any(c:c/fullname eq 'x') and Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)&$orderby=name desc&$expand=primarycontactid($select=fullname;$expand=parentcustomerid_account($select=name))&$top=5&$count=true",
          '###',
          'GET WhoAmI',
          '###',
          "GET RetrieveTotalRecordCount(EntityNames=['account'])",
          '###',
          'POST new_MyCustomApi\n\n{}',
          '###',
          'GET accounts(00000000-0000-0000-0000-000000000000)/contact_customer_accounts?$select=fullname',
          '###',
          "GET EntityDefinitions(LogicalName='account')/Attributes",
          '###',
          '<fetch>\n<entity name="account">\n<attribute name="name"/>\n<link-entity name="contact" from="contactid" to="primarycontactid" alias="pc">\n<attribute name="fullname"/>\n</link-entity>\n<filter><condition attribute="industrycode" operator="eq" value="1"/><condition entityname="pc" attribute="lastname" operator="like" value="A%"/></filter>\n<order attribute="name" descending="true"/>\n</entity>\n</fetch>',
        ].join('\n'),
      ),
      [],
    );
  });

  it('reports an unknown entity set with the closest names as fixes', () => {
    assert.deepEqual(describeAll('GET acounts?$top=1'), ['unknown-entity-set@0:4-11 "acounts"']);
    assert.equal(fixed('GET acounts?$top=1', 'unknown-entity-set'), 'GET accounts?$top=1');
  });

  it('reports an entity set in the wrong case, and a logical or schema name used as entity set', () => {
    assert.equal(fixed('GET Accounts', 'entity-set-case'), 'GET accounts');
    assert.equal(fixed('GET account?$select=name', 'logical-name-as-entity-set'), 'GET accounts?$select=name');
    assert.match(diagnose('GET Contact')[0]!.message, /schema name.*"contacts"/);
  });

  it('reports a schema name instead of the logical name, with a fix', () => {
    assert.deepEqual(describeAll('GET accounts?$select=Name,revenue'), ['schema-name@0:21-25 "Name"']);
    assert.equal(fixed('GET accounts?$select=Name,revenue', 'schema-name'), 'GET accounts?$select=name,revenue');
    assert.equal(fixed('GET accounts?$orderby=CreatedOn desc', 'schema-name'), 'GET accounts?$orderby=createdon desc');
    assert.equal(fixed("GET accounts?$filter=Name eq 'x'", 'schema-name'), "GET accounts?$filter=name eq 'x'");
  });

  it('reports a lookup used without _x_value in $select and $filter, with a fix', () => {
    assert.deepEqual(describeAll('GET accounts?$select=name,primarycontactid'), [
      'lookup-without-value@0:26-42 "primarycontactid"',
    ]);
    assert.equal(
      fixed('GET accounts?$select=name,primarycontactid', 'lookup-without-value'),
      'GET accounts?$select=name,_primarycontactid_value',
    );
    assert.equal(
      fixed('GET contacts?$filter=parentcustomerid eq 00000000-0000-0000-0000-000000000001', 'lookup-without-value'),
      'GET contacts?$filter=_parentcustomerid_value eq 00000000-0000-0000-0000-000000000001',
    );
    assert.equal(
      fixed('GET accounts?$filter=ownerid eq null', 'lookup-without-value'),
      'GET accounts?$filter=_ownerid_value eq null',
    );
  });

  it('reports a navigation property in $select, with a fix that moves it to $expand', () => {
    assert.deepEqual(describeAll('GET accounts?$select=name,contact_customer_accounts'), [
      'navigation-in-select@0:26-51 "contact_customer_accounts"',
    ]);
    assert.equal(
      fixed('GET accounts?$select=name,contact_customer_accounts', 'navigation-in-select'),
      'GET accounts?$select=name&$expand=contact_customer_accounts',
    );
    assert.equal(
      fixed('GET accounts?$select=contact_customer_accounts,name&$top=1', 'navigation-in-select'),
      'GET accounts?$select=name&$top=1&$expand=contact_customer_accounts',
    );
    assert.equal(
      fixed('GET accounts?$select=contact_customer_accounts&$top=1', 'navigation-in-select'),
      'GET accounts?$expand=contact_customer_accounts&$top=1',
    );
    assert.equal(
      fixed('GET accounts?$select=name,contact_customer_accounts&$expand=primarycontactid', 'navigation-in-select'),
      'GET accounts?$select=name&$expand=primarycontactid,contact_customer_accounts',
    );
    assert.equal(
      fixed('GET contacts?$select=parentcustomerid_account', 'navigation-in-select'),
      'GET contacts?$expand=parentcustomerid_account',
    );
  });

  it("reports a lookup's name column, which the Web API does not have", () => {
    assert.deepEqual(describeAll('GET accounts?$select=primarycontactidname'), [
      'not-a-web-api-property@0:21-41 "primarycontactidname"',
    ]);
    assert.equal(
      fixed('GET accounts?$select=primarycontactidname', 'not-a-web-api-property'),
      'GET accounts?$select=_primarycontactid_value',
    );
  });

  it('reports unknown columns with suggestions, in nested $expand options too', () => {
    assert.deepEqual(describeAll('GET accounts?$select=nmae'), ['unknown-column@0:21-25 "nmae"']);
    assert.equal(fixed('GET accounts?$select=nmae', 'unknown-column'), 'GET accounts?$select=name');
    assert.deepEqual(describeAll('GET accounts?$expand=primarycontactid($select=fulname)'), [
      'unknown-column@0:46-53 "fulname"',
    ]);
    assert.deepEqual(describeAll('GET accounts?$expand=primarycontactd'), [
      'unknown-navigation@0:21-36 "primarycontactd"',
    ]);
    assert.deepEqual(describeAll("GET accounts?$filter=primarycontactid/fulname eq 'x'"), [
      'unknown-column@0:38-45 "fulname"',
    ]);
  });

  it('checks PropertyName of query functions by logical name', () => {
    assert.equal(
      fixed("GET accounts?$filter=Microsoft.Dynamics.CRM.EqualUserId(PropertyName='_ownerid_value')", 'unknown-column'),
      "GET accounts?$filter=Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')",
    );
    assert.deepEqual(describeAll("GET accounts?$filter=Microsoft.Dynamics.CRM.Todya(PropertyName='createdon')"), [
      'unknown-operator@0:21-49 "Microsoft.Dynamics.CRM.Todya"',
    ]);
  });

  it('reports $skip, unknown options and choice values that do not exist', () => {
    assert.equal(fixed('GET accounts?$top=5&$skip=10', 'skip-not-supported'), 'GET accounts?$top=5');
    assert.deepEqual(describeAll('GET accounts?$selct=name'), ['unknown-query-option@0:13-19 "$selct"']);
    assert.deepEqual(describeAll('GET accounts?$filter=industrycode eq 999'), ['unknown-choice-value@0:37-40 "999"']);
  });

  it('checks FetchXML tables, columns by logical name, link-entity sides, operators and choice values', () => {
    const fetch = (inner: string): string => `<fetch>\n<entity name="account">\n${inner}\n</entity>\n</fetch>`;
    assert.deepEqual(describeAll('<fetch>\n<entity name="acount"/>\n</fetch>'), ['unknown-table@1:14-20 "acount"']);
    assert.equal(
      fixed('<fetch>\n<entity name="accounts"/>\n</fetch>', 'unknown-table'),
      '<fetch>\n<entity name="account"/>\n</fetch>',
    );
    assert.equal(
      fixed(fetch('<attribute name="_primarycontactid_value"/>'), 'fetch-unknown-attribute'),
      fetch('<attribute name="primarycontactid"/>'),
    );
    assert.equal(fixed(fetch('<attribute name="Name"/>'), 'schema-name'), fetch('<attribute name="name"/>'));
    assert.deepEqual(describeAll(fetch('<link-entity name="contact" from="fullname2" to="primarycontact"/>')), [
      'fetch-unknown-attribute@2:34-43 "fullname2"',
      'fetch-unknown-attribute@2:49-63 "primarycontact"',
    ]);
    assert.equal(
      fixed(
        fetch('<filter><condition attribute="name" operator="begins-wth" value="x"/></filter>'),
        'unknown-operator',
      ),
      fetch('<filter><condition attribute="name" operator="begins-with" value="x"/></filter>'),
    );
    assert.deepEqual(
      describeAll(fetch('<filter><condition attribute="industrycode" operator="eq" value="999"/></filter>')),
      ['unknown-choice-value@2:65-68 "999"'],
    );
  });

  it('checks the operations of a $batch', () => {
    assert.deepEqual(
      describeAll('POST $batch\n\nGET acounts\n--- changeset\nPATCH accounts(1)\n\n{"nmae":1}\n--- end'),
      ['unknown-entity-set@2:4-11 "acounts"', 'unknown-column@6:2-6 "nmae"'],
    );
  });

  it('warns about variables that are not defined and request names that do not exist', () => {
    assert.deepEqual(
      describeAll(
        '@top = 1\nPOST accounts?x={{top}}&y={{nope}}\nPrefer: {{$guid}} {{$nothing}}\n\n{"name": "{{create.id}}"}',
      ),
      [
        'undefined-variable@1:26-34 "{{nope}}"',
        'undefined-variable@2:18-30 "{{$nothing}}"',
        'undefined-variable@4:10-23 "{{create.id}}"',
      ],
    );
  });

  it('checks nothing against metadata when none is loaded, and skips names made of variables', () => {
    assert.deepEqual(diagnoseDocument(parseDocument('GET acounts?$select=nmae'), {}), []);
    assert.deepEqual(describeAll('@set = accounts\nGET {{set}}?$select=name'), []);
  });
});
