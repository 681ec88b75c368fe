// The write tool: a Web API request in the scratchpad format, parsed and classified like a
// scratchpad's, refused on a read-only connection, confirmed by the person with the exact request
// and organization, then sent once. planWrite is also what VS Code's prepareInvocation shows.
import { execute } from '../results/execute';
import { resolveQuickQuery } from '../query/run/resolve';
import { runConsent } from '../query/run/runConsent';
import type { AgentOrg, AgentPorts, WritePlan } from './agentPorts';
import { isSqlStart } from '../query/syntax/sqlBlock';
import { compileContext } from './readTools';
import { parseSqlWrite, sendSqlWrite } from './sqlWriteTool';
import { BUDGET, errorAnswer, rowsBlock, untrusted, type ToolAnswer } from './resultText';

export type PlannedWrite =
  { readonly ok: true; readonly plan: WritePlan } | { readonly ok: false; readonly message: string };

const METHOD_LINE = /^\s*(POST|PATCH|PUT|DELETE)\s+\S/i;

export async function planWrite(
  ports: AgentPorts,
  org: AgentOrg,
  text: string,
  signal?: AbortSignal,
  language?: string,
): Promise<PlannedWrite> {
  // `DELETE FROM t` is SQL even when the language is left out: it must never go as a Web API request.
  if (language === 'sql' || isSqlStart(text.trimStart().split('\n', 1)[0] ?? '')) {
    return planSql(ports, org, text, signal);
  }
  if (!METHOD_LINE.test(text)) {
    return fail(
      'A write starts with its method and target: POST accounts, PATCH accounts(<id>), DELETE accounts(<id>) or POST $batch.',
    );
  }
  if (/^\s*###/m.test(text)) return fail('One request per call: a line starting with ### is not allowed.');
  // A write needs no metadata unless it holds a <fetch>: without a session the resolver still runs.
  const ctx = await compileContext(ports, org, signal).catch(() => ({ orgUrl: org.url, entitySetOf: () => undefined }));
  const resolved = resolveQuickQuery(text, ctx);
  if (!resolved.ok) return fail(`Not sent: ${resolved.errors[0]?.message ?? 'this is not a request.'}`);
  const request = resolved.request;
  if (request.safety.access !== 'write') {
    return fail(`This request only ${request.safety.summary}: use dataverse_query for reads.`);
  }
  // 'argument': a request the person did not write asks first on every connection.
  const consent = runConsent('write', 'argument', org);
  if (consent.kind === 'refuse') {
    return fail(
      `Not sent: ${org.name} (${org.url}) is a read-only connection, and this request ${request.safety.summary}. Only the person can turn read-only off, in the connection's settings.`,
    );
  }
  return { ok: true, plan: { org, request, text: text.trim(), summary: request.safety.summary } };
}

/** A SQL write's plan: the statement parsed and read-only refused here; the rows are counted by the runner. */
async function planSql(ports: AgentPorts, org: AgentOrg, text: string, signal?: AbortSignal): Promise<PlannedWrite> {
  const parsed = parseSqlWrite(text);
  if (!parsed.ok) return fail(parsed.message);
  if (runConsent('write', 'argument', org).kind === 'refuse') {
    return fail(
      `Not sent: ${org.name} (${org.url}) is a read-only connection, and this SQL ${parsed.statement.type.toUpperCase()} changes ${parsed.table}. Nothing was read or written. Only the person can turn read-only off, in the connection's settings.`,
    );
  }
  const ctx = await compileContext(ports, org, signal).catch(() => ({ orgUrl: org.url, entitySetOf: () => undefined }));
  const resolved = resolveQuickQuery(text, ctx);
  if (!resolved.ok || !resolved.request.sql) {
    return fail(`Not sent: ${(!resolved.ok && resolved.errors[0]?.message) || 'this is not a SQL statement.'}`);
  }
  const request = resolved.request;
  return {
    ok: true,
    plan: { org, request, text: text.trim(), summary: request.safety.summary, sql: { table: parsed.table } },
  };
}

/**
 * Sends a planned write. `confirmedInChat`: VS Code's chat showed the confirmation and the person
 * accepted; any other caller (an MCP client, another extension) gets the modal, and so does a
 * production org, whose stronger question chat's confirmation does not ask.
 */
export async function sendWrite(
  ports: AgentPorts,
  plan: WritePlan,
  confirmedInChat: boolean,
  signal?: AbortSignal,
): Promise<ToolAnswer> {
  if (plan.request.sql) {
    // Never sent as one request: the SQL runner counts, asks (unless chat asked the same) and batches.
    return sendSqlWrite(
      ports,
      plan,
      plan.request.sql.statement,
      confirmedInChat ? plan.sql?.question : undefined,
      signal,
    );
  }
  if (!confirmedInChat || plan.org.production) {
    const yes = await ports.confirmWrite(plan, signal);
    if (!yes) return errorAnswer('The person declined: the request was not sent. Do not retry it unless they ask.');
  }
  const execution = await execute(ports.sender(plan.org.url), plan.request, { signal });
  const status = `${execution.status} ${execution.statusText}`.trim();
  if (execution.batch) {
    const block = rowsBlock(execution.rows ?? [], BUDGET.rows);
    const failed = execution.error ? ' Some parts failed.' : '';
    return {
      text: `The $batch was sent once: ${status}.${failed} Its parts:\n${block.text}`,
      isError: !!execution.error,
      rows: 0,
    };
  }
  if (execution.error) {
    return errorAnswer(
      `Sent once; Dataverse refused it (${status}). Its answer:\n${untrusted(execution.error.message)}`,
    );
  }
  const entityId = execution.headers['odata-entityid'] ?? execution.headers['OData-EntityId'];
  const body = execution.bodyText.trim();
  return {
    text: [
      `Sent once: ${status}. The request ${plan.summary}.`,
      ...(entityId ? [`Row: ${untrusted(entityId)}`] : []),
      ...(body ? [`Body:\n${untrusted(body.slice(0, BUDGET.rows))}`] : []),
    ].join('\n'),
    rows: 0,
  };
}

function fail(message: string): PlannedWrite {
  return { ok: false, message };
}
