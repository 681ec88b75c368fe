// SQL INSERT / UPDATE / DELETE through the write tool, with the scratchpad's own runner
// (core/results/sqlWrite.ts) and so its guards: a read-only connection refuses before anything is
// read, an UPDATE or DELETE without WHERE is refused unless the statement says `-- allow: all rows`,
// the matching rows are read and counted, the person is asked with the org, the table and the row
// count, and the writes go out in batches, each once. Chat's confirmation counts: it showed the
// same question (a dry run before it), so a changed count, production or any other caller asks
// again in a modal.
import type { SqlStatement } from '../query/sql/ast';
import { parseSql } from '../query/sql/parser';
import { translateSelect } from '../query/sql/translate';
import type { DmlPrompt } from '../query/sql/dml/confirm';
import { runSqlWrite, type SqlWriteEnv, type SqlWriteOutcome } from '../results/sqlWrite';
import type { AgentOrg, AgentPorts, WritePlan } from './agentPorts';
import { growingSnapshot } from './sqlMetadata';
import { BUDGET, errorAnswer, fitLines, untrusted, type ToolAnswer } from './resultText';

/** Defaults of dynamics365.sql.writeBatchSize, writeParallelism and maxWriteRows. */
const DEFAULT_SQL_WRITES = { batchSize: 100, parallelism: 4, maxRows: 100_000 };

export type ParsedSqlWrite =
  | { readonly ok: true; readonly statement: Exclude<SqlStatement, { type: 'select' }>; readonly table: string }
  | { readonly ok: false; readonly message: string };

/** The statement of a SQL write, or why the write tool will not take it. */
export function parseSqlWrite(text: string): ParsedSqlWrite {
  if (/^\s*###/m.test(text)) {
    // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
    return { ok: false, message: 'One statement per call: a line starting with ### is not allowed.' };
  }
  const parsed = parseSql(text);
  const first = parsed.errors[0];
  // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
  if (first) return { ok: false, message: `Not sent: ${first.message}` };
  const statement = parsed.statement;
  // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
  if (!statement) return { ok: false, message: 'Not sent: write one SQL INSERT, UPDATE or DELETE statement.' };
  if (statement.type === 'select') {
    // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
    return { ok: false, message: 'A SELECT only reads: run it with dataverse_query (language "sql").' };
  }
  const table = (statement.type === 'insert' ? statement.table.table : (statement.from ?? statement.target).table).name;
  return { ok: true, statement, table };
}

interface SqlWriteRun {
  readonly ports: AgentPorts;
  readonly org: AgentOrg;
  readonly statement: SqlStatement;
  readonly text: string;
  readonly signal?: AbortSignal;
  /** The person's answer to the question with the count; the prompt as the runner words it. */
  readonly confirm: (prompt: DmlPrompt) => Promise<boolean>;
}

async function run(r: SqlWriteRun): Promise<SqlWriteOutcome> {
  const metadata = growingSnapshot(r.ports, r.org, await r.ports.tables(r.org.url, r.signal), r.signal);
  const env: SqlWriteEnv = {
    client: r.ports.sender(r.org.url),
    where: `${r.org.name} (${r.org.url})`,
    connection: r.org,
    snapshot: metadata.snapshot,
    loadDetails: (name) => metadata.load(name),
    translateSelect,
    limits: r.ports.limits().sqlWrites ?? DEFAULT_SQL_WRITES,
    ui: {
      confirm: r.confirm,
      // No progress UI here: the tool call is the progress, and its cancellation stops new batches.
      progress: (_title, work) => work(() => undefined, r.signal ?? new AbortController().signal),
    },
  };
  return runSqlWrite(env, { statement: r.statement, text: r.text, params: {}, headers: {}, origin: 'argument' });
}

/**
 * What chat's confirmation shows: the guards applied and the matching rows read and counted, the
 * question the runner would ask, and nothing written. A refusal throws (DmlError, a sentence).
 */
export async function dryRunSqlWrite(
  ports: AgentPorts,
  org: AgentOrg,
  statement: SqlStatement,
  text: string,
  signal?: AbortSignal,
): Promise<{ readonly prompt?: DmlPrompt; readonly nothing?: string }> {
  let asked: DmlPrompt | undefined;
  const outcome = await run({
    ports,
    org,
    statement,
    text,
    ...(signal ? { signal } : {}),
    confirm: async (prompt) => {
      asked = prompt;
      return false;
    },
  });
  if (outcome.kind === 'nothing') return { nothing: outcome.message };
  return asked ? { prompt: asked } : {};
}

/**
 * Runs a planned SQL write. `chatPrompt`: the question chat's confirmation showed and the person
 * accepted; the writes go without another question only when the runner asks exactly that again on
 * a connection that is not production. Everything else asks in a modal (ports.confirmWrite).
 */
export async function sendSqlWrite(
  ports: AgentPorts,
  plan: WritePlan,
  statement: SqlStatement,
  chatPrompt: string | undefined,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  const outcome = await run({
    ports,
    org: plan.org,
    statement,
    text: plan.text,
    ...(signal ? { signal } : {}),
    confirm: async (prompt) => {
      if (chatPrompt !== undefined && chatPrompt === prompt.message && !plan.org.production) return true;
      return ports.confirmWrite(sqlPlan(plan, prompt), signal);
    },
  });
  if (outcome.kind === 'nothing') return { text: `${outcome.message}`, rows: 0 };
  if (outcome.kind === 'cancelled') {
    return errorAnswer(
      `The person declined: nothing was written (${outcome.rows} row${outcome.rows === 1 ? '' : 's'} matched). Do not retry it unless they ask.`,
    );
  }
  const failures = outcome.failures.map((f) =>
    `${f.label}: ${f.status ?? ''} ${f.message.replace(/\s+/g, ' ')}`.trim(),
  );
  const listed = fitLines(failures, BUDGET.rows);
  return {
    text: [
      outcome.message,
      ...(outcome.cancelled ? ['Cancelled: no batch was started after it.'] : []),
      ...(failures.length ? [`Failed rows:\n${untrusted(listed.lines.join('\n'))}`] : []),
    ].join('\n'),
    ...(outcome.failed > 0 || outcome.notSent > 0 ? { isError: true } : {}),
    rows: 0,
  };
}

/** The plan the modal shows for the runner's question: the count and table in the summary, the first rows under the statement. */
export function sqlPlan(plan: WritePlan, prompt: DmlPrompt): WritePlan {
  const what = prompt.send.replace(/ in Production$/, '').toLowerCase();
  return {
    ...plan,
    summary: `will ${what} of ${plan.sql?.table ?? 'the table'}`,
    text: prompt.detail ? `${plan.text}\n\nFirst rows:\n${prompt.detail}` : plan.text,
  };
}
