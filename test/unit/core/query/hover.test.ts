import { strict as assert } from 'node:assert';
import { hoverAt } from '../../../../src/core/query/language/hover';
import type { HoverInfo } from '../../../../src/core/query/language/completionTypes';
import { csdlSnapshot } from './csdlSnapshot';
import { withCursor } from './cursorText';

const metadata = csdlSnapshot();

function hover(src: string): HoverInfo | undefined {
  const { text, position } = withCursor(src);
  return hoverAt(text, position, { metadata });
}

describe('query hover (real CSDL metadata)', () => {
  it('describes a column in $select: type, Web API name, table and description', () => {
    const h = hover('GET accounts?$select=na|me,revenue')!;
    assert.equal(h.title, 'name — Name');
    assert.match(h.lines[0]!, /^Text \(StringType\)/);
    assert.match(h.lines[1]!, /Table account; Web API name name; schema name Name/);
    assert.deepEqual(h.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 25 } });
  });
  it('describes a lookup and its targets, and a choice with its values', () => {
    assert.match(
      hover('GET accounts?$select=_primarycontact|id_value')!.lines.join('\n'),
      /Lookup → contact \(LookupType\)[\s\S]*Web API name _primarycontactid_value/,
    );
    assert.match(
      hover('GET accounts?$filter=industry|code eq 1')!.lines.join('\n'),
      /Values: 1 Accounting, 2 Agriculture/,
    );
  });
  it('describes the column at the end of a navigation path in $filter', () => {
    assert.equal(hover("GET accounts?$filter=primarycontactid/full|name eq 'x'")!.title, 'fullname — Fullname');
  });
  it('describes a column reached through a lambda variable in $filter (x/col inside any(x: …))', () => {
    assert.equal(
      hover("GET accounts?$filter=contact_customer_accounts/any(c: c/full|name eq 'x')")!.title,
      'fullname — Fullname',
    );
    assert.equal(
      hover("GET accounts?$filter=contact_customer_accounts/any(c: c/parentcustomerid_account/na|me eq 'x')")?.title,
      'name — Name',
    );
  });
  it('describes the table of an entity set and a navigation property', () => {
    const t = hover('GET acc|ounts')!;
    assert.equal(t.title, 'accounts — Account');
    assert.match(
      t.lines.join('\n'),
      /Table account \(schema name Account\), entity set accounts[\s\S]*Primary key accountid, primary name name[\s\S]*Business that represents a customer/,
    );
    assert.equal(
      hover('GET accounts?$expand=contact_customer_acc|ounts')!.title,
      'contact_customer_accounts → contact',
    );
  });
  it('describes query options, functions and headers', () => {
    assert.match(hover('GET accounts?$fil|ter=x')!.lines[0]!, /Rows to return/);
    assert.match(hover("GET accounts?$filter=conta|ins(name,'x')")!.lines[0]!, /contains\(column,'text'\)/);
    assert.match(hover('GET accounts\nPref|er: return=representation')!.lines[0]!, /odata.include-annotations/);
  });
  it("describes FetchXML tables and columns, the link-entity's to= on the parent", () => {
    assert.equal(
      hover('<fetch>\n<entity name="acc|ount">\n<attribute name="name"/>\n</entity>\n</fetch>')!.title,
      'accounts — Account',
    );
    assert.equal(
      hover('<fetch>\n<entity name="account">\n<attribute name="rev|enue"/>\n</entity>\n</fetch>')!.title,
      'revenue — Revenue',
    );
    assert.equal(
      hover(
        '<fetch>\n<entity name="account">\n<link-entity name="contact" from="contactid" to="primary|contactid"/>\n</entity>\n</fetch>',
      )!.title,
      'primarycontactid — Primarycontactid',
    );
  });
  it('has nothing to say on unknown names, comments and blank lines', () => {
    assert.equal(hover('GET accounts?$select=nm|ae'), undefined);
    assert.equal(hover('# a comm|ent\nGET accounts'), undefined);
    assert.equal(hover('GET accounts\n\n|'), undefined);
  });
});
