// Whether chat may have run a tool without showing the person its confirmation: VS Code's
// auto-approve setting, under its name of each supported version, on for every tool or for this one.
// When it may have, the write tool asks itself (a modal), so no write goes out unconfirmed.

/**
 * VS Code's "approve tool calls without asking" setting: `chat.tools.global.autoApprove` since
 * about 1.104 (microsoft/vscode#264223), `chat.tools.autoApprove` before (1.99–1.103). Both take
 * `true` (every tool) or an object of tool ids to `true` (those tools).
 */
export const CHAT_AUTO_APPROVE_SETTINGS = ['chat.tools.global.autoApprove', 'chat.tools.autoApprove'] as const;

/** Every value one setting has: the effective one and each scope's (user, workspace, folder, default). */
export type SettingValues = readonly unknown[];

/**
 * True when any value of either setting approves the tool without asking: `true`, or an object
 * naming the tool (by id or `#` reference name) with `true`. Every scope counts, not only the
 * effective value: chat reads the user's value alone in an untrusted workspace, so a workspace
 * `false` over a user `true` still lets chat skip the confirmation.
 */
export function chatMayAutoApprove(values: SettingValues, toolNames: readonly string[]): boolean {
  return values.some((value) => {
    if (value === true) return true;
    if (value === null || typeof value !== 'object') return false;
    const byTool = value as Record<string, unknown>;
    return toolNames.some((name) => Object.prototype.hasOwnProperty.call(byTool, name) && byTool[name] === true);
  });
}

/**
 * Whether chat showed the person the write's confirmation: only when the call came from a chat
 * request (it carries an invocation token) and no auto-approve setting could have skipped it.
 */
export function chatConfirmedWrite(
  hasInvocationToken: boolean,
  values: SettingValues,
  toolNames: readonly string[],
): boolean {
  return hasInvocationToken && !chatMayAutoApprove(values, toolNames);
}
