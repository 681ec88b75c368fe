// The agent tools as VS Code language-model tools (chat's agent mode, `#dataverseQuery`, other
// extensions through vscode.lm.invokeTool). Registered only where the running VS Code has the API;
// the engine behind them loads on the first call. The write tool always has VS Code ask first
// (confirmationMessages naming the exact request and organization), whatever the connection.
import * as vscode from 'vscode';
import { TOOL_SPECS, type ToolSpec } from '../core/agents/toolSpecs';
import { codeFence } from '../core/agents/resultText';
import { CHAT_AUTO_APPROVE_SETTINGS, chatConfirmedWrite } from '../core/agents/chatApproval';
import type { DisposableStore } from '../platform/util/dispose';
import type { WritePlan } from '../core/agents/agentPorts';
import type { AgentEngine } from './engine';

type Input = Record<string, unknown>;

/** Registers every tool; false when this VS Code has no language-model tools API. */
export function registerLanguageModelTools(store: DisposableStore, engine: () => Promise<AgentEngine>): boolean {
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  if (typeof lm?.registerTool !== 'function') return false;
  for (const spec of TOOL_SPECS) store.add(lm.registerTool<Input>(spec.name, toolFor(spec, engine)));
  return true;
}

function toolFor(spec: ToolSpec, engine: () => Promise<AgentEngine>): vscode.LanguageModelTool<Input> {
  return {
    prepareInvocation: async (options, token) =>
      spec.writes
        ? prepareWrite(await engine(), options.input, token)
        : { invocationMessage: vscode.l10n.t('{0}…', spec.displayName) },
    invoke: async (options, token) => {
      const toolbox = (await engine()).toolbox;
      // A tool invocation token comes only with a chat request: chat showed the confirmation,
      // unless VS Code's auto-approve (either name, any scope, all tools or this one) skipped it;
      // then the modal asks.
      const inChat = chatConfirmedWrite(options.toolInvocationToken !== undefined, autoApproveValues(), [
        spec.name,
        spec.toolReferenceName,
      ]);
      const answer = await withSignal(token, (signal) =>
        toolbox.call(spec.name, options.input, { caller: inChat ? 'chat' : 'lm', signal }),
      );
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answer.text)]);
    },
  };
}

async function prepareWrite(
  engine: AgentEngine,
  input: Input,
  token: vscode.CancellationToken,
): Promise<vscode.PreparedToolInvocation> {
  const planned = await withSignal(token, (signal) => engine.toolbox.prepareWrite(input, signal));
  // Not sendable (read-only, not a write, bad input): nothing to confirm, invoke answers why.
  if (!planned.ok) return { invocationMessage: vscode.l10n.t('Checking the write request…') };
  const { org, summary, text, sql } = planned.plan;
  const where = `${org.name} (${org.url})`;
  if (sql) return prepareSqlWrite(where, org.production, text, sql);
  const title = org.production
    ? vscode.l10n.t('Send this request to the PRODUCTION organization {0}?', where)
    : vscode.l10n.t('Send this request to {0}?', where);
  // The request is the model's text: shown as code, never as trusted Markdown.
  const message = new vscode.MarkdownString();
  message.appendText(vscode.l10n.t('It {0}. It is sent once, exactly as shown:', summary));
  message.appendMarkdown(`\n\n${codeFence(text, 'http')}\n`);
  message.isTrusted = false;
  message.supportHtml = false;
  return {
    invocationMessage: vscode.l10n.t('Sending a request to {0}…', where),
    confirmationMessages: { title, message },
  };
}

/** A SQL write's confirmation: the runner's question (org, table, row count), the statement, the first rows. */
function prepareSqlWrite(
  where: string,
  production: boolean,
  text: string,
  sql: NonNullable<WritePlan['sql']>,
): vscode.PreparedToolInvocation {
  const title = production
    ? vscode.l10n.t('Run this SQL on the PRODUCTION organization {0}?', where)
    : vscode.l10n.t('Run this SQL on {0}?', where);
  // The question and the first rows' names hold the org's text: appended as text, never Markdown.
  const message = new vscode.MarkdownString();
  message.appendText(sql.question ?? vscode.l10n.t('This SQL changes rows of {0}.', sql.table));
  message.appendMarkdown(`\n\n${codeFence(text, 'sql')}\n\n`);
  if (sql.firstRows) message.appendText(vscode.l10n.t('First rows:\n{0}', sql.firstRows));
  message.isTrusted = false;
  message.supportHtml = false;
  return {
    invocationMessage: vscode.l10n.t('Writing rows of {0} in {1}…', sql.table, where),
    confirmationMessages: { title, message },
  };
}

/** Every value of VS Code's auto-approve settings, old and new name: effective, each scope, default. */
export function autoApproveValues(): unknown[] {
  const config = vscode.workspace.getConfiguration();
  return CHAT_AUTO_APPROVE_SETTINGS.flatMap((name) => {
    const scopes = config.inspect(name);
    return [
      config.get(name),
      scopes?.defaultValue,
      scopes?.globalValue,
      scopes?.workspaceValue,
      scopes?.workspaceFolderValue,
    ];
  });
}

async function withSignal<T>(token: vscode.CancellationToken, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    return await run(abort.signal);
  } finally {
    subscription.dispose();
  }
}
