// FetchXML → SQL: hand-written conversions, refusals of what the dialect cannot say, and the round
// trip SQL → FetchXML → SQL → FetchXML giving the same FetchXML for every translator case.
import { strict as assert } from 'node:assert';
import { fetchXmlToSql } from '../../../../../src/core/query/sql/fetchToSql';
import { CASES } from './translateCases';
import { normalize, translate } from './sqlTestKit';
import { csdlSnapshot } from '../csdlSnapshot';

describe('FetchXML → SQL', () => {
  before(function () {
    this.timeout(60_000);
    csdlSnapshot();
  });

  const CONVERSIONS: [string, string][] = [
    ['<fetch><entity name="account"><attribute name="name"/></entity></fetch>', 'SELECT name\nFROM account'],
    ['<fetch><entity name="account"></entity></fetch>', 'SELECT *\nFROM account'],
    [
      `<fetch top="5" distinct="true"><entity name='account'><attribute name='name'/><filter><condition attribute='name' operator='begins-with' value='Con_%'/><condition attribute='statecode' operator='eq' value='0'/></filter><order attribute='name' descending='true'/></entity></fetch>`,
      "SELECT DISTINCT TOP 5 name\nFROM account\nWHERE (name LIKE 'Con[_][%]%' AND statecode = 0)\nORDER BY name DESC",
    ],
    [
      '<fetch><entity name="account"><attribute name="name"/><filter type="or"><condition attribute="name" operator="ends-with" value="Ltd"/><condition attribute="name" operator="not-null"/></filter></entity></fetch>',
      "SELECT name\nFROM account\nWHERE (name LIKE '%Ltd' OR name IS NOT NULL)",
    ],
    [
      '<fetch><entity name="account"><attribute name="name"/><link-entity name="contact" from="parentcustomerid" to="accountid" link-type="outer" alias="c"><attribute name="fullname"/><filter><condition attribute="statecode" operator="eq" value="0"/></filter><order attribute="fullname"/></link-entity><order attribute="name"/></entity></fetch>',
      'SELECT account.name, c.fullname\nFROM account\nLEFT OUTER JOIN contact c ON c.parentcustomerid = account.accountid AND c.statecode = 0\nORDER BY account.name, c.fullname',
    ],
    [
      '<fetch><entity name="account"><attribute name="name"/><filter><condition attribute="name" operator="eq" value="{{who}}"/><condition attribute="createdon" operator="last-x-days" value="7"/><condition attribute="ownerid" operator="eq-userid"/></filter></entity></fetch>',
      'SELECT name\nFROM account\nWHERE (name = @who AND createdon = lastxdays(7) AND ownerid = CURRENT_USER)',
    ],
    [
      '<fetch count="25" page="3"><entity name="account"><attribute name="name"/><order attribute="name"/></entity></fetch>',
      'SELECT name\nFROM account\nORDER BY name\nOFFSET 50 ROWS FETCH NEXT 25 ROWS ONLY',
    ],
    [
      '<fetch aggregate="true"><entity name="account"><attribute name="accountid" alias="n" aggregate="count"/><attribute name="createdon" alias="y" groupby="true" dategrouping="year"/><order alias="n" descending="true"/></entity></fetch>',
      'SELECT COUNT(*) AS n, YEAR(createdon) AS y\nFROM account\nGROUP BY YEAR(createdon)\nORDER BY n DESC',
    ],
    [
      '<fetch><entity name="account"><attribute name="name"/><filter><condition attribute="name" operator="eq" value="O&apos;Brien &amp; Co"/></filter></entity></fetch>',
      "SELECT name\nFROM account\nWHERE name = 'O''Brien & Co'",
    ],
  ];
  for (const [xml, sql] of CONVERSIONS) {
    it(sql.replace(/\n/g, ' '), () => assert.deepEqual(fetchXmlToSql(xml), { sql, problems: [] }));
  }

  const PROBLEMS: [string, RegExp][] = [
    [
      '<fetch><entity name="account"><link-entity name="contact" from="parentcustomerid" to="accountid" link-type="exists"/></entity></fetch>',
      /link-type="exists"/,
    ],
    [
      '<fetch><entity name="account"><filter><condition attribute="ownerid" operator="under" value="x"/></filter></entity></fetch>',
      /operator="under"/,
    ],
    [
      '<fetch aggregate="true"><entity name="account"><attribute name="createdon" alias="fy" groupby="true" dategrouping="fiscal-year"/></entity></fetch>',
      /fiscal/,
    ],
    ['<fetch count="10" page="2"><entity name="account"/></fetch>', /ORDER BY/],
    ['GET accounts', /not FetchXML/],
    ['<fetch><entity/></fetch>', /entity name/],
  ];
  for (const [xml, problem] of PROBLEMS) {
    it(`refuses ${problem}`, () => {
      const r = fetchXmlToSql(xml);
      assert.equal(r.sql, undefined);
      assert.match(r.problems[0]!.message, problem);
    });
  }

  describe('round trip: SQL → FetchXML → SQL → FetchXML', () => {
    for (const c of CASES) {
      it(c.sql, () => {
        const first = translate(c.sql, c.params);
        const back = fetchXmlToSql(first.fetchXml!);
        assert.deepEqual(back.problems, []);
        const second = translate(back.sql!);
        assert.deepEqual(
          second.diagnostics.filter((d) => d.severity === 'error'),
          [],
          back.sql,
        );
        assert.equal(normalize(second.fetchXml!), normalize(first.fetchXml!), back.sql);
      });
    }
  });
});
