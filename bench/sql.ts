// sql: SQL → FetchXML translation of a 5-join, 20-condition query against the real CSDL (265
// tables), vs parsing the same text alone: what translation adds on top of the parse the editor
// already does on every keystroke, in µs per query.
import { parseSql } from '../src/core/query/sql/parser';
import { translateSelect } from '../src/core/query/sql/translate';
import type { SelectStatement } from '../src/core/query/sql/ast';
import { csdlSnapshot } from '../test/unit/core/query/csdlSnapshot';
import { median, paired, pairedLine, type BenchResult } from './util';

export const BENCH_SQL = `SELECT a.name, a.revenue, c.fullname, u.fullname AS owner, o.name AS opportunity, b.name AS unit, p.name AS parent
FROM account a
INNER JOIN contact c ON c.contactid = a.primarycontactid
LEFT OUTER JOIN systemuser u ON u.systemuserid = a.owninguser
LEFT OUTER JOIN opportunity o ON o.parentaccountid = a.accountid AND o.statecode = 0
INNER JOIN businessunit b ON b.businessunitid = a.owningbusinessunit
LEFT OUTER JOIN account p ON p.accountid = a.parentaccountid
WHERE a.statecode = 0
  AND a.revenue >= 100000 AND a.revenue < 50000000
  AND a.numberofemployees BETWEEN 10 AND 5000
  AND a.name LIKE 'C%' AND a.name NOT LIKE '%test%'
  AND a.address1_city IN ('Paris', 'Lyon', 'Lille', 'Nantes')
  AND a.industrycode NOT IN (1, 2, 3)
  AND a.createdon >= '2020-01-01' AND a.modifiedon = lastxdays(365)
  AND CAST(a.createdon AS date) <= '2026-12-31'
  AND (c.emailaddress1 LIKE '%@contoso.com' OR c.telephone1 IS NOT NULL)
  AND c.fullname <> a.name
  AND u.isdisabled = 0 AND b.name <> 'Archive'
  AND o.estimatedvalue > 1000 AND p.accountid IS NULL
  AND NOT (a.donotphone = 1 AND a.donotemail = 1)
ORDER BY a.revenue DESC, c.fullname, a.name`;

async function timeLoop(iterations: number, f: () => void): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < iterations; i++) f();
  return (performance.now() - t) / iterations;
}

export async function benchSqlTranslate(opts: { rounds: number }): Promise<BenchResult> {
  const metadata = csdlSnapshot();
  let _sink = 0;
  const parse = (): void => {
    _sink += parseSql(BENCH_SQL).errors.length;
  };
  const translate = (): void => {
    const t = translateSelect(parseSql(BENCH_SQL).statement as SelectStatement, metadata, {});
    _sink += t.fetchXml?.length ?? 0;
  };
  const check = translateSelect(parseSql(BENCH_SQL).statement as SelectStatement, metadata, {});
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (!check.fetchXml || errors.length) {
    return {
      name: 'sql',
      lines: [],
      failed: `the benchmark query does not translate: ${errors.map((e) => e.message).join(' ')}`,
    };
  }
  const iterations = 500;
  await timeLoop(200, translate);
  await timeLoop(200, parse);
  const p = await paired(
    opts.rounds,
    () => timeLoop(iterations, translate),
    () => timeLoop(iterations, parse),
    (t) => t,
  );
  const { line, ratio, spread } = pairedLine('sql translate', p, (t) => t);
  const links = (check.fetchXml.match(/<link-entity/g) ?? []).length;
  const conditions = (check.fetchXml.match(/<condition/g) ?? []).length;
  return {
    name: 'sql',
    ratio,
    lines: [
      `${line} — parse + SQL → FetchXML of a ${links}-join, ${conditions}-condition query vs parseSql alone, median of ${opts.rounds} rounds (${spread})`,
      `sql translate: ${(median(p.candidate) * 1000).toFixed(1)} µs per query (parse alone ${(median(p.baseline) * 1000).toFixed(1)} µs; ${BENCH_SQL.length} characters, ${check.fetchXml.length} characters of FetchXML)`,
    ],
  };
}
