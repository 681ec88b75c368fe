// "Mark Connection as Production / Read-Only…": how careful the scratchpad is with writes to an
// organization. Production asks before every write; read-only refuses writes before sending. A level
// given as an argument (a link, another extension) that lowers the safety asks the person first.
import * as vscode from 'vscode';
import type { Configuration } from '../../platform/config/configuration';
import { saveConnection, updateConnection } from '../../platform/config/connectionsWriter';
import type { Command } from '../command';
import { orgOf } from '../explorer/targets';
import { pickOrgUrl } from '../pickOrg';
import { COMMAND } from '../../core/ids';
import { connectionSafety } from '../../core/config/connection';
import {
  isSafetyLevel,
  lowerSafetyPrompt,
  safetyChange,
  safetyLevelLabel,
  safetyLevelOf,
  type SafetyLevel as Level,
} from '../../core/config/safetyLevel';
import { inertText } from '../../core/log/inert';

export function connectionSafetyCommand(configuration: Configuration): Command {
  return {
    id: COMMAND.setConnectionSafety,
    run: async (arg?: unknown, levelArg?: unknown): Promise<Level> => {
      const org =
        orgOf(arg) ??
        (await pickOrgUrl(
          configuration.settings,
          typeof arg === 'string' ? arg : undefined,
          vscode.l10n.t('Dynamics 365: Mark Connection'),
        ));
      const safety = connectionSafety(configuration.settings.connections, org);
      const current = safetyLevelOf(safety);
      const given = isSafetyLevel(levelArg) ? levelArg : undefined;
      const level = given ?? (await ask(org.url, current));
      if (safetyChange(current, level, given ? 'argument' : 'picked') === 'ask') {
        await confirmLowering(`${safety.name ?? org.shortName} (${org.url})`, current, level);
      }
      const patch = { production: level === 'production' || undefined, readOnly: level === 'readOnly' || undefined };
      if (!(await updateConnection(org, patch))) await saveConnection({ orgUrl: org.url, ...patch });
      return level;
    },
  };
}

/** The modal question; anything but its one button leaves the level as it is. */
async function confirmLowering(where: string, current: Level, next: Level): Promise<void> {
  const prompt = lowerSafetyPrompt(where, current, next);
  // The name comes from the settings, which someone else may have written: shown as written, nothing clickable.
  const answer = await vscode.window.showWarningMessage(
    inertText(prompt.message),
    { modal: true, detail: inertText(prompt.detail) },
    prompt.lower,
  );
  if (answer !== prompt.lower) throw new vscode.CancellationError();
}

async function ask(orgUrl: string, current: Level): Promise<Level> {
  const items: (vscode.QuickPickItem & { level: Level })[] = [
    {
      level: 'normal',
      label: safetyLevelLabel('normal'),
      description: vscode.l10n.t('writes are sent as written'),
    },
    {
      level: 'production',
      label: safetyLevelLabel('production'),
      description: vscode.l10n.t('every write asks for confirmation naming the organization'),
    },
    {
      level: 'readOnly',
      label: safetyLevelLabel('readOnly'),
      description: vscode.l10n.t('writes are refused before anything is sent'),
    },
  ];
  for (const item of items) {
    if (item.level === current) {
      item.description = vscode.l10n.t({
        message: '{0} (now)',
        args: [item.description ?? ''],
        comment: ['{0} describes the level the organization has now'],
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Dynamics 365: how careful to be with writes to {0}', orgUrl),
  });
  if (!picked) throw new vscode.CancellationError();
  return picked.level;
}
