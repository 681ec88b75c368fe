// "Mark Connection as Production / Read-Only…": how careful the scratchpad is with writes to an
// organization. Production asks before every write; read-only refuses writes before sending.
import * as vscode from 'vscode';
import type { Configuration } from '../../platform/config/configuration';
import { saveConnection, updateConnection } from '../../platform/config/connectionsWriter';
import type { Command } from '../command';
import { orgOf } from '../explorer/targets';
import { pickOrgUrl } from '../pickOrg';
import { COMMAND } from '../../core/ids';
import { connectionSafety } from '../../core/config/connection';

type Level = 'normal' | 'production' | 'readOnly';

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
      const current: Level = safety.readOnly ? 'readOnly' : safety.production ? 'production' : 'normal';
      const level = isLevel(levelArg) ? levelArg : await ask(org.url, current);
      const patch = { production: level === 'production' || undefined, readOnly: level === 'readOnly' || undefined };
      if (!(await updateConnection(org, patch))) await saveConnection({ orgUrl: org.url, ...patch });
      return level;
    },
  };
}

function isLevel(value: unknown): value is Level {
  return value === 'normal' || value === 'production' || value === 'readOnly';
}

async function ask(orgUrl: string, current: Level): Promise<Level> {
  const items: (vscode.QuickPickItem & { level: Level })[] = [
    {
      level: 'normal',
      label: vscode.l10n.t('Development'),
      description: vscode.l10n.t('writes are sent as written'),
    },
    {
      level: 'production',
      label: vscode.l10n.t('Production'),
      description: vscode.l10n.t('every write asks for confirmation naming the organization'),
    },
    {
      level: 'readOnly',
      label: vscode.l10n.t('Read-only'),
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
