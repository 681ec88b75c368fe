// Each SELECT of the dialect runs as SQL (parseSql + translateSelect → FetchXML) against the emulator
// and returns the same rows as a hand-written OData query asking the same question (issue 16).
import * as assert from 'node:assert/strict';
import { parseSql } from '../../../../../src/core/query/sql/parser';
import { translateSelect } from '../../../../../src/core/query/sql/translate';
import { fetchXmlToSql } from '../../../../../src/core/query/sql/fetchToSql';
import type { SelectStatement } from '../../../../../src/core/query/sql/ast';
import type { SqlParams } from '../../../../../src/core/query/sql/api';
import { startTestOrg, type TestOrg } from '../../../../emulator/test/support/dataverse-server';
import { csdlSnapshot } from '../csdlSnapshot';
import { ACCOUNTS, CONTACTS, PAIRS, type Pair } from './differentialCases';

type Row = Record<string, unknown>;

/** The value at a path (`a.name` as a key first, then nested), normalized for comparison. */
function pick(row: Row, path: string): string {
  let v: unknown = path in row ? row[path] : undefined;
  if (!(path in row)) {
    v = row;
    for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Row)[part] : undefined;
  }
  if (v === undefined || v === null) return '∅';
  if (typeof v === 'number') return String(Math.round(v * 1000) / 1000);
  return String(v).toLowerCase();
}

function project(rows: readonly Row[], paths: readonly string[], ordered: boolean): string[] {
  const lines = rows.map((r) => paths.map((p) => pick(r, p)).join(' | '));
  return ordered ? lines : lines.sort();
}

describe('SQL returns the same rows as hand-written OData (emulator)', function () {
  this.timeout(60_000);
  let org: TestOrg;
  const params: SqlParams = { city: 'Seattle', min: 20 };
  const call = async (path: string, headers: Record<string, string> = {}): Promise<Row> => {
    const res = await fetch(path.startsWith('http') ? path : `${org.url}/api/data/v9.2/${path}`, {
      headers: { Authorization: 'Bearer good:sqldiff', Accept: 'application/json', ...headers },
    });
    const body = (await res.json()) as Row;
    assert.equal(res.status, 200, `${path}\n${JSON.stringify(body)}`);
    return body;
  };
  const runSql = async (sql: string): Promise<{ rows: Row[]; fetchXml: string }> => {
    const parsed = parseSql(sql);
    assert.deepEqual(parsed.errors, [], sql);
    const t = translateSelect(parsed.statement as SelectStatement, csdlSnapshot(), params);
    assert.ok(t.fetchXml, `${sql}\n${JSON.stringify(t.diagnostics)}`);
    const set = csdlSnapshot().tableByLogicalName(t.entity!)!.entitySetName!;
    const body = await call(`${set}?fetchXml=${encodeURIComponent(t.fetchXml)}`);
    return { rows: body['value'] as Row[], fetchXml: t.fetchXml };
  };
  const runOData = async (pair: Pair): Promise<Row[]> => {
    if (pair.unnest) {
      const nav = pair.unnest;
      const parents = (await call(pair.odata))['value'] as Row[];
      return parents.flatMap((p) => (p[nav] as Row[]).map((child) => ({ ...p, [nav]: child })));
    }
    if (!pair.page) return (await call(pair.odata))['value'] as Row[];
    const prefer = { Prefer: `odata.maxpagesize=${pair.page.size}` };
    let body = await call(pair.odata, prefer);
    for (let i = 0; i < pair.page.index; i++) body = await call(body['@odata.nextLink'] as string, prefer);
    return body['value'] as Row[];
  };

  before(async () => {
    org = await startTestOrg({ accountRecords: 0, recordsPerTable: 0 });
    const post = async (set: string, body: Row): Promise<string> => {
      const res = await fetch(`${org.url}/api/data/v9.2/${set}`, {
        method: 'POST',
        headers: {
          Authorization: 'Bearer good:sqldiff',
          'Content-Type': 'application/json',
          Prefer: 'return=representation',
        },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Row;
      assert.ok(res.ok, JSON.stringify(json));
      return (json['accountid'] ?? json['contactid']) as string;
    };
    const accountIds: string[] = [];
    for (const [name, city, employees, revenue, onHold, used] of ACCOUNTS) {
      accountIds.push(
        await post('accounts', {
          name,
          address1_city: city,
          numberofemployees: employees,
          revenue,
          creditonhold: onHold,
          lastusedincampaign: used,
        }),
      );
    }
    const contactIds: string[] = [];
    for (const [lastname, jobtitle, parent] of CONTACTS) {
      contactIds.push(
        await post('contacts', {
          lastname,
          jobtitle,
          ...(parent === null ? {} : { 'parentcustomerid_account@odata.bind': `/accounts(${accountIds[parent]})` }),
        }),
      );
    }
    for (const [account, contact] of [
      [0, 0],
      [1, 2],
      [5, 6],
    ] as const) {
      const res = await fetch(`${org.url}/api/data/v9.2/accounts(${accountIds[account]})`, {
        method: 'PATCH',
        headers: { Authorization: 'Bearer good:sqldiff', 'Content-Type': 'application/json' },
        body: JSON.stringify({ 'primarycontactid@odata.bind': `/contacts(${contactIds[contact]})` }),
      });
      assert.ok(res.ok, await res.text());
    }
  });
  after(async () => {
    await org.close();
  });

  for (const pair of PAIRS) {
    it(pair.name, async () => {
      const { rows, fetchXml } = await runSql(pair.sql);
      const odata = await runOData(pair);
      assert.ok(odata.length > 0, `${pair.name}: the OData question has an answer`);
      const ordered = !!pair.ordered;
      assert.deepEqual(
        project(
          rows,
          pair.cols.map((c) => c[0]),
          ordered,
        ),
        project(
          odata,
          pair.cols.map((c) => c[1]),
          ordered,
        ),
        `${pair.sql}\n${fetchXml}\n${pair.odata}`,
      );
    });
  }

  it('FetchXML → SQL keeps the empty columns the negative operators match', async () => {
    const conditions = [
      '<condition attribute="address1_city" operator="ne" value="Seattle"/>',
      '<condition attribute="address1_city" operator="not-like" value="S%"/>',
      '<condition attribute="numberofemployees" operator="not-in"><value>10</value><value>20</value></condition>',
      '<condition attribute="revenue" operator="not-between"><value>2000</value><value>6000</value></condition>',
      '<condition attribute="address1_city" operator="not-begin-with" value="B"/>',
    ];
    for (const c of conditions) {
      const column = /attribute="(\w+)"/.exec(c)![1]!;
      const xml = `<fetch><entity name="account"><attribute name="accountid"/><attribute name="${column}"/><filter>${c}</filter></entity></fetch>`;
      const direct = (await call(`accounts?fetchXml=${encodeURIComponent(xml)}`))['value'] as Row[];
      const sql = fetchXmlToSql(xml);
      assert.deepEqual(sql.problems, [], c);
      const { rows } = await runSql(sql.sql!);
      assert.ok(
        direct.some((r) => r[column] === null || r[column] === undefined),
        `${c}: Dataverse also returns rows with no ${column}`,
      );
      assert.deepEqual(project(rows, ['accountid'], false), project(direct, ['accountid'], false), `${c}\n${sql.sql}`);
    }
  });

  it('date grouping (YEAR, MONTH) counts what a date-range filter counts', async () => {
    const { rows } = await runSql(
      'SELECT YEAR(lastusedincampaign) AS y, MONTH(lastusedincampaign) AS m, COUNT(*) AS n FROM account WHERE lastusedincampaign IS NOT NULL GROUP BY YEAR(lastusedincampaign), MONTH(lastusedincampaign) ORDER BY y, m',
    );
    const expected: string[] = [];
    for (const year of [2023, 2024, 2025]) {
      for (let month = 1; month <= 12; month++) {
        const from = `${year}-${String(month).padStart(2, '0')}-01T00:00:00Z`;
        const to =
          month === 12 ? `${year + 1}-01-01T00:00:00Z` : `${year}-${String(month + 1).padStart(2, '0')}-01T00:00:00Z`;
        const body = await call(
          `accounts?$apply=filter(lastusedincampaign ge ${from} and lastusedincampaign lt ${to})/aggregate($count as n)`,
        );
        const n = Number((body['value'] as Row[])[0]?.['n'] ?? 0);
        if (n > 0) expected.push(`${year}-${month}: ${n}`);
      }
    }
    assert.deepEqual(
      rows.map((r) => `${pick(r, 'y')}-${pick(r, 'm')}: ${pick(r, 'n')}`),
      expected,
    );
    assert.equal(expected.length, 5, 'the seed spreads over five months');
  });
});
