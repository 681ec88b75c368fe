// FetchXML ↔ OData conversion against the real CSDL: the exact text each direction writes, and the
// reason it gives for every construct the other language cannot express.
import * as assert from 'node:assert/strict';
import { fetchXmlToOData } from '../../../../../src/core/query/convert/fetchToOData';
import { odataToFetchXml } from '../../../../../src/core/query/convert/odataToFetch';
import { snapshotSource, type ConvertResult } from '../../../../../src/core/query/convert/conversion';
import { likeLiteral } from '../../../../../src/core/query/convert/odataConditions';
import { csdlSnapshot } from '../csdlSnapshot';

const source = snapshotSource(csdlSnapshot());
const ok = (r: ConvertResult): string => {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.text;
};
const refused = (r: ConvertResult, pattern: RegExp): void => {
  assert.ok(!r.ok, `expected a refusal, got ${r.ok ? r.text : ''}`);
  assert.match(r.reason, pattern);
};
const toOData = (xml: string): Promise<ConvertResult> => fetchXmlToOData(xml, source);
const toFetch = (odata: string, pageSize?: number): Promise<ConvertResult> => odataToFetchXml(odata, source, pageSize);

describe('convert: FetchXML → OData', () => {
  it('writes $select with lookups as _x_value, $filter, $orderby, $top and $count', async () => {
    const text = ok(
      await toOData(`<fetch top="5" returntotalrecordcount="true"><entity name="contact">
        <attribute name="fullname"/><attribute name="parentcustomerid"/>
        <filter type="or"><condition attribute="parentcustomerid" operator="eq" value="{00000000-0000-0000-0000-0000000000AB}"/>
        <condition attribute="lastname" operator="like" value="%son%"/></filter>
        <order attribute="fullname" descending="true"/></entity></fetch>`),
    );
    assert.equal(
      text,
      "GET contacts?$select=fullname,_parentcustomerid_value&$filter=_parentcustomerid_value eq 00000000-0000-0000-0000-0000000000ab or contains(lastname,'son')&$orderby=fullname desc&$top=5&$count=true",
    );
  });

  it('turns count into Prefer odata.maxpagesize and the other operators into query functions', async () => {
    const text = ok(
      await toOData(`<fetch count="50"><entity name="account"><attribute name="name"/><filter>
        <condition attribute="createdon" operator="last-x-days" value="7"/>
        <condition attribute="statecode" operator="not-in"><value>1</value><value>2</value></condition>
        <condition attribute="createdon" operator="on" value="2024-01-31"/></filter></entity></fetch>`),
    );
    assert.equal(
      text,
      "GET accounts?$select=name&$filter=Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7) and Microsoft.Dynamics.CRM.NotIn(PropertyName='statecode',PropertyValues=['1','2']) and Microsoft.Dynamics.CRM.On(PropertyName='createdon',PropertyValue='2024-01-31')\nPrefer: odata.maxpagesize=50",
    );
  });

  it('expands a many-to-one link-entity, and an inner one also filters out rows without a match', async () => {
    const text = ok(
      await toOData(`<fetch><entity name="account"><attribute name="name"/>
        <link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"><attribute name="fullname"/>
        <filter><condition attribute="lastname" operator="eq" value="Doe"/></filter></link-entity></entity></fetch>`),
    );
    assert.equal(
      text,
      "GET accounts?$select=name&$expand=primarycontactid($select=fullname)&$filter=_primarycontactid_value ne null and primarycontactid/lastname eq 'Doe'",
    );
  });

  it('writes aggregates as $apply', async () => {
    assert.equal(
      ok(
        await toOData(`<fetch aggregate="true"><entity name="account">
        <attribute name="ownerid" groupby="true" alias="o"/><attribute name="accountid" aggregate="count" alias="n"/>
        <filter><condition attribute="revenue" operator="gt" value="10"/></filter></entity></fetch>`),
      ),
      'GET accounts?$apply=filter(revenue gt 10)/groupby((_ownerid_value),aggregate($count as n))',
    );
  });

  const refusals: [string, string, RegExp][] = [
    ['an alias', '<fetch><entity name="account"><attribute name="name" alias="n"/></entity></fetch>', /cannot rename/],
    ['distinct', '<fetch distinct="true"><entity name="account"><attribute name="name"/></entity></fetch>', /distinct/],
    ['page 2', '<fetch page="2" count="5"><entity name="account"/></fetch>', /page 2/],
    [
      'a one-to-many link',
      '<fetch><entity name="account"><link-entity name="contact" from="parentcustomerid" to="accountid"/></entity></fetch>',
      /not a many-to-one relationship/,
    ],
    [
      'a nested link',
      '<fetch><entity name="account"><link-entity name="contact" from="contactid" to="primarycontactid"><link-entity name="account" from="accountid" to="parentcustomerid"/></link-entity></entity></fetch>',
      /nested link-entity/,
    ],
    [
      'a filter in an outer link',
      '<fetch><entity name="account"><link-entity name="contact" from="contactid" to="primarycontactid" link-type="outer"><filter><condition attribute="lastname" operator="null"/></filter></link-entity></entity></fetch>',
      /outer/,
    ],
    [
      'a like with an inner wildcard',
      '<fetch><entity name="account"><filter><condition attribute="name" operator="like" value="a_c%"/></filter></entity></fetch>',
      /wildcards/,
    ],
    [
      'valueof across tables',
      '<fetch><entity name="account"><filter><condition attribute="name" operator="eq" valueof="pc.fullname"/></filter><link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"/></entity></fetch>',
      /two columns of the root table/,
    ],
    [
      'order on a choice',
      '<fetch><entity name="account"><order attribute="statecode"/></entity></fetch>',
      /by its label/,
    ],
    [
      'order on a link column',
      '<fetch><entity name="account"><order entityname="pc" attribute="fullname"/><link-entity name="contact" from="contactid" to="primarycontactid" alias="pc"/></entity></fetch>',
      /link-entity 'pc'/,
    ],
    [
      'date grouping',
      '<fetch aggregate="true"><entity name="account"><attribute name="createdon" groupby="true" dategrouping="year" alias="y"/></entity></fetch>',
      /year of a date/,
    ],
    [
      'countcolumn without distinct',
      '<fetch aggregate="true"><entity name="account"><attribute name="name" aggregate="countcolumn" alias="c"/></entity></fetch>',
      /countcolumn/,
    ],
    [
      'an unknown column',
      '<fetch><entity name="account"><attribute name="nope"/></entity></fetch>',
      /no column 'nope'/,
    ],
    ['an unknown table', '<fetch><entity name="nope"/></fetch>', /no table 'nope'/],
    [
      'broken XML',
      '<fetch><entity name="account">',
      /not well-formed XML \(line 1\): The text ends with elements still open: <fetch>, <entity>\. Close each one\./,
    ],
    ['a tag cut off at the end', '<fetch top="5"/', /^This FetchXML could not be read: /],
    [
      'a tag cut off after the query',
      '<fetch><entity name="account"/></fetch><x/',
      /^This FetchXML could not be read: /,
    ],
    [
      'a hierarchy operator',
      '<fetch><entity name="account"><filter><condition attribute="accountid" operator="under" value="{00000000-0000-0000-0000-000000000001}"/></filter></entity></fetch>',
      /'under'/,
    ],
  ];
  for (const [what, xml, reason] of refusals) {
    it(`refuses ${what} with a reason`, async () => refused(await toOData(xml), reason));
  }
});

describe('convert: OData → FetchXML', () => {
  it('writes attributes, conditions, link-entities for paths and $expand, orders and top', async () => {
    const text = ok(
      await toFetch(
        "GET accounts?$select=name,_primarycontactid_value&$expand=primarycontactid($select=fullname)&$filter=primarycontactid/lastname eq 'Doe' and (revenue gt 5 or name eq null)&$orderby=name desc&$top=3",
      ),
    );
    assert.equal(
      text,
      [
        '<fetch top="3">',
        '  <entity name="account">',
        '    <attribute name="name" />',
        '    <attribute name="primarycontactid" />',
        '    <filter>',
        '      <condition entityname="primarycontactid" attribute="lastname" operator="eq" value="Doe" />',
        '      <filter type="or">',
        '        <condition attribute="revenue" operator="gt" value="5" />',
        '        <condition attribute="name" operator="null" />',
        '      </filter>',
        '    </filter>',
        '    <order attribute="name" descending="true" />',
        '    <link-entity name="contact" from="contactid" to="primarycontactid" alias="primarycontactid" link-type="outer">',
        '      <attribute name="fullname" />',
        '    </link-entity>',
        '  </entity>',
        '</fetch>',
      ].join('\n'),
    );
  });

  it('escapes LIKE wildcards from contains/startswith/endswith and XML from every value', async () => {
    assert.equal(likeLiteral('50%_[x]'), '50[%][_][[]x]');
    const text = ok(await toFetch(`accounts?$filter=contains(name,'a&b<"50%"''s')`, 100));
    assert.match(text, /<fetch count="100">/);
    assert.match(text, /operator="like" value="%a&amp;b&lt;&quot;50\[%\]&quot;'s%"/);
  });

  it('reads the query functions, $count and $apply', async () => {
    const fn = ok(
      await toFetch(
        "accounts?$select=name&$count=true&$filter=Microsoft.Dynamics.CRM.Between(PropertyName='revenue',PropertyValues=['1','9'])",
      ),
    );
    assert.match(fn, /<fetch returntotalrecordcount="true">/);
    assert.match(fn, /operator="between">\n\s+<value>1<\/value>\n\s+<value>9<\/value>/);
    const apply = ok(
      await toFetch('accounts?$apply=groupby((_ownerid_value),aggregate(revenue with countdistinct as d,$count as n))'),
    );
    assert.match(apply, /<fetch aggregate="true">/);
    assert.match(apply, /<attribute name="ownerid" alias="ownerid" groupby="true" \/>/);
    assert.match(apply, /<attribute name="revenue" alias="d" aggregate="countcolumn" distinct="true" \/>/);
    assert.match(apply, /<attribute name="accountid" alias="n" aggregate="count" \/>/);
  });

  const refusals: [string, string, RegExp][] = [
    ['a collection $expand', 'accounts?$expand=contact_customer_accounts', /collection/],
    ['a record path', 'accounts(00000000-0000-0000-0000-000000000001)', /one record/],
    ['a write', 'PATCH accounts(00000000-0000-0000-0000-000000000001)', /Only a GET/],
    ['$skip', 'accounts?$skip=5', /\$skip/],
    ['not over gt', 'accounts?$filter=not (revenue gt 5)', /not/],
    ['gt null', 'accounts?$filter=revenue gt null', /null/],
    ['an unknown function', "accounts?$filter=tolower(name) eq 'a'", /tolower/],
    ['an order on a navigation', 'accounts?$orderby=primarycontactid/fullname', /navigation path/],
    ['an order on a lookup', 'accounts?$orderby=_primarycontactid_value', /by its label/],
    ['an unknown entity set', 'nopes?$top=1', /no entity set 'nopes'/],
    ['an unknown column', 'accounts?$select=nope', /no column 'nope'/],
    ['$apply with $select', 'accounts?$apply=aggregate($count as n)&$select=name', /together with \$apply/],
    ['a two-step path', "accounts?$filter=primarycontactid/parentcustomerid_account/name eq 'x'", /path/],
  ];
  for (const [what, odata, reason] of refusals) {
    it(`refuses ${what} with a reason`, async () => refused(await toFetch(odata), reason));
  }
});
