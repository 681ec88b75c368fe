// "Open Query History…" from the palette, an organization in the explorer or a scratchpad's title
// menu: finds the organization, then hands over to the scratchpad engine's history picker.
import * as vscode from 'vscode';
import { OrgUrl } from '../../core/org/orgUrl';
import { UserError } from '../../core/userError';
import type { ConnectionsService } from '../../connections/connectionsService';
import type { HistoryOutcome } from '../../scratchpad/historyPicker';
import { isScratchpad } from '../../scratchpad/language';
import type { ScratchpadParts } from '../../scratchpad/setup';
import type { Command } from '../command';
import { orgOf } from '../explorer/targets';
import { COMMAND } from '../../core/ids';

export function openQueryHistoryCommand(scratchpad: ScratchpadParts, connections: ConnectionsService): Command {
  return {
    id: COMMAND.openQueryHistory,
    run: async (arg?: unknown): Promise<HistoryOutcome | undefined> => {
      const org = await historyOrg(scratchpad, arg);
      const name = (await connections.list()).find((e) => e.org.equals(org))?.name ?? org.shortName;
      return (await scratchpad.engine()).openHistory(org, name);
    },
  };
}

/** From an explorer node, a URL argument, the active scratchpad, else as Run Query asks. */
async function historyOrg(scratchpad: ScratchpadParts, arg: unknown): Promise<OrgUrl> {
  const fromNode = orgOf(arg);
  if (fromNode) return fromNode;
  if (typeof arg === 'string') {
    const parsed = OrgUrl.parse(arg);
    if (!parsed.ok) throw new UserError(parsed.message);
    return parsed.value;
  }
  const document = vscode.window.activeTextEditor?.document;
  const { orgs } = await scratchpad.engine();
  const known = isScratchpad(document) ? orgs.known(document) : undefined;
  return known ?? orgs.pick(undefined);
}
