// Shows, as JSON, the usage events this extension recorded in this window: exactly what would be sent.
import * as vscode from 'vscode';
import type { RecentEventsSink } from '../core/telemetry/events';
import type { Command } from './command';
import { COMMAND } from '../core/ids';

export function showTelemetryEventsCommand(recent: RecentEventsSink): Command {
  return {
    id: COMMAND.showTelemetryEvents,
    run: async () => {
      const doc = await vscode.workspace.openTextDocument({
        language: 'json',
        content: JSON.stringify(
          { telemetryLevel: vscode.env.isTelemetryEnabled ? 'on' : 'off', events: recent.recent() },
          null,
          2,
        ),
      });
      await vscode.window.showTextDocument(doc, { preview: true });
      return doc;
    },
  };
}
