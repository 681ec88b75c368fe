// The one entry point of every agent tool call, from chat, another extension or an MCP client:
// validates the input, finds the organization, applies the per-org rate limit, runs the tool, turns
// any failure into a sentence for the model, and logs the call (tool, caller, org, query, rows; no
// values, no secrets). Results are text; nothing in one is ever read back as an action.
import { describeError } from '../log/logger';
import { OrgUrl } from '../org/orgUrl';
import { isCancellation, UserError } from '../userError';
import type { AgentOrg, AgentPorts, CallContext, WritePlan } from './agentPorts';
import { RateLimiter } from './rateLimit';
import { count, describe, explain, listOrgs, listTables, query } from './readTools';
import { errorAnswer, untrusted, type ToolAnswer } from './resultText';
import { TOOL, toolSpec, type ToolName } from './toolSpecs';
import { validateInput } from './validateInput';
import { dryRunSqlWrite } from './sqlWriteTool';
import { planWrite, sendWrite, type PlannedWrite } from './writeTool';

type Input = Record<string, unknown>;

export class AgentToolbox {
  private readonly limiter: RateLimiter;

  constructor(private readonly ports: AgentPorts) {
    this.limiter = new RateLimiter(
      () => ports.limits().callsPerMinute,
      () => (ports.now ? ports.now() : Date.now()),
    );
  }

  async call(name: string, rawInput: unknown, ctx: CallContext): Promise<ToolAnswer> {
    const answer = await this.run(name, rawInput, ctx);
    this.logCall(name, rawInput, ctx, answer);
    return answer;
  }

  /** What VS Code's chat confirms before a write: the plan, or why it will not be sent. */
  async prepareWrite(rawInput: unknown, signal?: AbortSignal): Promise<PlannedWrite> {
    const checked = validateInput(toolSpec(TOOL.write)!.inputSchema, rawInput);
    if (!checked.ok) return { ok: false, message: checked.message };
    const org = await this.orgFor(checked.value);
    if (typeof org === 'string') return { ok: false, message: org };
    const text = String(checked.value['request']);
    try {
      const planned = await planWrite(this.ports, org, text, signal, languageOf(checked.value));
      if (!planned.ok || !planned.plan.sql) return planned;
      // A SQL write: its rows are read and counted now, so chat's confirmation names the count.
      const dry = await dryRunSqlWrite(this.ports, org, planned.plan.request.sql!.statement, text, signal);
      if (dry.nothing !== undefined) return { ok: false, message: dry.nothing };
      // eslint-disable-next-line no-restricted-syntax -- for the language model, which reads English
      if (!dry.prompt) return { ok: false, message: 'Not sent: the rows to write could not be counted.' };
      const question = dry.prompt.message;
      this.rememberChatQuestion(org.url, planned.plan.text, question);
      return {
        ok: true,
        plan: { ...planned.plan, sql: { ...planned.plan.sql, question, firstRows: dry.prompt.detail } },
      };
    } catch (err) {
      return { ok: false, message: messageOf(err) };
    }
  }

  /** Questions chat's confirmation showed for SQL writes, by org and statement, until the call that follows takes one. */
  private readonly chatQuestions = new Map<string, string>();

  private rememberChatQuestion(orgUrl: string, text: string, question: string): void {
    if (this.chatQuestions.size >= 20) this.chatQuestions.delete(this.chatQuestions.keys().next().value!);
    this.chatQuestions.set(`${orgUrl}\n${text}`, question);
  }

  private takeChatQuestion(orgUrl: string, text: string): string | undefined {
    const key = `${orgUrl}\n${text}`;
    const question = this.chatQuestions.get(key);
    this.chatQuestions.delete(key);
    return question;
  }

  private async run(name: string, rawInput: unknown, ctx: CallContext): Promise<ToolAnswer> {
    const spec = toolSpec(name);
    if (!spec) return errorAnswer(`There is no tool named ${name.slice(0, 60)}.`);
    const checked = validateInput(spec.inputSchema, rawInput);
    if (!checked.ok) return errorAnswer(checked.message);
    try {
      if (name === TOOL.listOrgs) return await listOrgs(this.ports);
      const org = await this.orgFor(checked.value);
      if (typeof org === 'string') return errorAnswer(org);
      const rate = this.limiter.take(org.url);
      if (!rate.allowed) {
        return errorAnswer(
          `Too many calls to ${org.url}: wait ${rate.retryAfterSeconds} seconds (the limit is dynamics365.agents.callsPerMinute per organization).`,
        );
      }
      return await this.runOn(name as ToolName, org, checked.value, ctx);
    } catch (err) {
      if (isCancellation(err)) return errorAnswer('Cancelled: nothing more was sent.');
      return errorAnswer(messageOf(err));
    }
  }

  private async runOn(name: ToolName, org: AgentOrg, input: Input, ctx: CallContext): Promise<ToolAnswer> {
    switch (name) {
      case TOOL.listTables:
        return listTables(this.ports, org, input, ctx.signal);
      case TOOL.describeTable:
        return describe(this.ports, org, input, ctx.signal);
      case TOOL.query:
        return query(this.ports, org, input, ctx.signal);
      case TOOL.count:
        return count(this.ports, org, input, ctx.signal);
      case TOOL.explain:
        return explain(this.ports, org, input, ctx.signal);
      case TOOL.write: {
        const planned = await planWrite(this.ports, org, String(input['request']), ctx.signal, languageOf(input));
        if (!planned.ok) return errorAnswer(planned.message);
        const { plan } = planned;
        // A SQL write goes without a modal only when chat's confirmation showed the question the runner asks now.
        const question = plan.sql && ctx.caller === 'chat' ? this.takeChatQuestion(org.url, plan.text) : undefined;
        const withQuestion = plan.sql
          ? { ...plan, sql: { table: plan.sql.table, ...(question ? { question } : {}) } }
          : plan;
        return sendWrite(this.ports, withQuestion, ctx.caller === 'chat', ctx.signal);
      }
      default:
        return errorAnswer(`There is no tool named ${String(name)}.`);
    }
  }

  /** The org the input names (URL, name or host), or the only one signed in; else a sentence listing them. */
  private async orgFor(input: Input): Promise<AgentOrg | string> {
    const orgs = await this.ports.orgs();
    const wanted = typeof input['org'] === 'string' ? input['org'].trim() : '';
    const list = orgs.map((o) => `${o.name} (${o.url})`).join(', ') || 'none';
    if (!wanted) {
      const signedIn = orgs.filter((o) => o.signedInAs);
      if (signedIn.length === 1) return signedIn[0]!;
      return `Say which organization (org): ${signedIn.length === 0 ? 'none is signed in' : 'more than one is signed in'}. Known: ${list}.`;
    }
    const parsed = OrgUrl.parse(wanted);
    const lower = wanted.toLowerCase();
    const bare = lower.replace(/\/+$/, '');
    const found =
      (parsed.ok ? orgs.find((o) => o.url === parsed.value.url) : undefined) ??
      orgs.find((o) => o.url.toLowerCase() === bare) ??
      orgs.find((o) => o.name.toLowerCase() === lower) ??
      orgs.find((o) => new URL(o.url).host.toLowerCase() === lower);
    return found ?? `No organization "${wanted.slice(0, 100)}" is connected. Known: ${list}.`;
  }

  private logCall(name: string, rawInput: unknown, ctx: CallContext, answer: ToolAnswer): void {
    const input = (typeof rawInput === 'object' && rawInput !== null ? rawInput : {}) as Input;
    const org = typeof input['org'] === 'string' ? input['org'].slice(0, 200) : '(default)';
    const outcome = answer.isError ? `refused or failed: ${firstLine(answer.text)}` : `${answer.rows ?? 0} rows`;
    this.ports.log.info(
      `Agent tool ${name.slice(0, 60)} (${ctx.caller}) on ${org}: ${whatFor(name, input)} → ${outcome}`,
    );
  }
}

function languageOf(input: Input): string | undefined {
  return typeof input['language'] === 'string' ? input['language'] : undefined;
}

/** The query or target of a call, for the log; a write's body (row values) is left out. */
function whatFor(name: string, input: Input): string {
  const s = (key: string): string => (typeof input[key] === 'string' ? (input[key] as string) : '');
  if (name === TOOL.write) return firstLine(s('request')).slice(0, 300);
  if (name === TOOL.query || name === TOOL.explain) {
    return `${s('language')} ${s('query').replace(/\s+/g, ' ').slice(0, 500)}`;
  }
  if (name === TOOL.count) return `${s('table')}${s('filter') ? ` $filter=${s('filter').slice(0, 300)}` : ''}`;
  if (name === TOOL.describeTable) return s('table');
  if (name === TOOL.listTables) return s('search') ? `search "${s('search').slice(0, 100)}"` : 'all';
  return '-';
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/** An error as a sentence: ours say what to do; anything else is the org's or the network's text, fenced. */
function messageOf(err: unknown): string {
  if (err instanceof UserError) {
    return err.message.includes('Dataverse answered') ? `Failed:\n${untrusted(err.message)}` : err.message;
  }
  return `Failed: ${describeError(err)}`;
}

export type { WritePlan };
