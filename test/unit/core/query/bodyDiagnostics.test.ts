// Diagnostics (with their quick fixes) and hover for the JSON body of a create or update, against the
// real CSDL.
import { strict as assert } from 'node:assert';
import { diagnoseDocument } from '../../../../src/core/query/language/diagnostics';
import { hoverAt } from '../../../../src/core/query/language/hover';
import { jsonOutline } from '../../../../src/core/query/language/jsonOutline';
import { parseDocument } from '../../../../src/core/query/syntax/parser';
import { csdlSnapshot } from './csdlSnapshot';
import { withCursor } from './cursorText';

const metadata = csdlSnapshot();

/** code@line:from-to "covered text" for a request whose body starts on line 2. */
function describeAll(request: string): string[] {
  const lines = request.split('\n');
  return diagnoseDocument(parseDocument(request), { metadata })
    .filter((d) => d.range.start.line >= 2 && d.code !== 'undefined-variable')
    .map(
      (d) =>
        `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.character} "${lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)}"`,
    );
}

function fixesOf(request: string, code: string): string[] {
  const d = diagnoseDocument(parseDocument(request), { metadata }).find((x) => x.code === code);
  return d?.fixes?.map((f) => f.edits[0]!.newText) ?? [];
}

describe('query diagnostics in JSON bodies (real CSDL metadata)', () => {
  it('accepts a correct create with binds, annotations, a deep insert and variables', () => {
    assert.deepEqual(
      describeAll(
        [
          'POST accounts',
          '',
          '{ "name": "Contoso", "revenue": {{amount}}, "primarycontactid@odata.bind": "/contacts({{contact.id}})",',
          '  "@odata.type": "Microsoft.Dynamics.CRM.account", "name@OData.Community.Display.V1.FormattedValue": "x",',
          '  "primarycontactid": { "firstname": "Ann", "parentcustomerid_account@odata.bind": "/accounts(1)" },',
          '  "contact_customer_accounts": [ { "lastname": "B" } ], "{{dynamic}}": 1 }',
        ].join('\n'),
      ),
      [],
    );
  });

  it('reports an unknown column with close names as fixes', () => {
    const request = 'POST accounts\n\n{ "nmae": "x" }';
    assert.deepEqual(describeAll(request), ['unknown-column@2:3-7 "nmae"']);
    assert.ok(fixesOf(request, 'unknown-column').includes('name'));
  });

  it('reports a miscased column and fixes it', () => {
    const request = 'PATCH accounts(00000000-0000-0000-0000-000000000001)\n\n{ "Name": "x" }';
    assert.deepEqual(describeAll(request), ['schema-name@2:3-7 "Name"']);
    assert.deepEqual(fixesOf(request, 'schema-name'), ['name']);
  });

  it('tells to set a lookup with @odata.bind, for the column, its _x_value and a navigation property', () => {
    const request = 'POST contacts\n\n{ "parentcustomerid": "1", "_parentcustomerid_value": "2", "owninguser": "3" }';
    assert.deepEqual(
      describeAll(request).map((d) => d.split('@')[0]),
      ['lookup-needs-bind', 'lookup-needs-bind', 'lookup-needs-bind'],
    );
    assert.deepEqual(fixesOf(request, 'lookup-needs-bind'), [
      'parentcustomerid_account@odata.bind',
      'parentcustomerid_contact@odata.bind',
    ]);
  });

  it('tells the navigation property when @odata.bind is put on the lookup column', () => {
    const request = 'POST contacts\n\n{ "parentcustomerid@odata.bind": "/accounts(1)" }';
    assert.deepEqual(describeAll(request), ['unknown-navigation@2:3-30 "parentcustomerid@odata.bind"']);
    assert.deepEqual(fixesOf(request, 'unknown-navigation'), [
      'parentcustomerid_account@odata.bind',
      'parentcustomerid_contact@odata.bind',
    ]);
  });

  it('reports columns that cannot be written on create or update', () => {
    assert.deepEqual(describeAll('POST accounts\n\n{ "createdon": "2020-01-01" }'), [
      'column-not-writable@2:3-12 "createdon"',
    ]);
    assert.deepEqual(describeAll('PATCH accounts(1)\n\n{ "versionnumber": 1 }'), [
      'column-not-writable@2:3-16 "versionnumber"',
    ]);
  });

  it('checks a deep insert against the related table', () => {
    assert.deepEqual(describeAll('POST accounts\n\n{ "primarycontactid": { "lastnmae": "x" } }'), [
      'unknown-column@2:25-33 "lastnmae"',
    ]);
  });

  it('says nothing for bodies that are not JSON, not a row, or under an unknown table', () => {
    assert.deepEqual(describeAll('POST accounts\n\n{ "name": '), []);
    assert.deepEqual(describeAll('POST WhoAmI\n\n{ "anything": 1 }'), []);
    assert.deepEqual(
      describeAll('POST new_things\n\n{ "anything": 1 }').filter((d) => !d.startsWith('unknown-entity-set')),
      [],
    );
  });
});

describe('JSON outline', () => {
  it('gives the offsets of property names, through nesting and escapes, keeping offsets with {{…}}', () => {
    const text = '{ "a\\"b": {{x}}, "c": [ { "d": null } ], "e": {} }';
    const o = jsonOutline(text);
    assert.equal(o?.kind, 'object');
    if (o?.kind !== 'object') return;
    assert.deepEqual(
      o.properties.map((p) => [p.name, text.slice(p.nameStart, p.nameEnd)]),
      [
        ['a"b', 'a\\"b'],
        ['c', 'c'],
        ['e', 'e'],
      ],
    );
    const c = o.properties[1]!.value;
    assert.equal(c.kind, 'array');
    if (c.kind !== 'array') return;
    const inner = c.items[0]!;
    assert.ok(
      inner.kind === 'object' && text.slice(inner.properties[0]!.nameStart, inner.properties[0]!.nameEnd) === 'd',
    );
    assert.equal(jsonOutline('{ "a": '), undefined);
  });
});

describe('hover in JSON bodies (real CSDL metadata)', () => {
  const hover = (src: string) => {
    const { text, position } = withCursor(src);
    return hoverAt(text, position, { metadata });
  };
  it("describes the column a property writes, a bind's navigation property and a deep insert's column", () => {
    const h = hover('POST accounts\n\n{ "na|me": "x" }')!;
    assert.equal(h.title, 'name — Name');
    assert.deepEqual(h.range, { start: { line: 2, character: 3 }, end: { line: 2, character: 7 } });
    assert.equal(
      hover('POST contacts\n\n{ "parentcustomerid_acc|ount@odata.bind": "/accounts(1)" }')!.title,
      'parentcustomerid_account → account',
    );
    assert.equal(hover('POST accounts\n\n{ "primarycontactid": { "last|name": "x" } }')!.title, 'lastname — Lastname');
    assert.equal(hover('POST accounts\n\n{ "name": "Con|toso" }'), undefined, 'values have no hover');
    assert.equal(hover('GET accounts\n\n{ "na|me": 1 }'), undefined);
  });
});
