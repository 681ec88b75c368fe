// "Save Differences as Markdown…": the comparison on screen as a Markdown report (names and labels
// escaped), e.g. to attach to a deployment.
import * as vscode from 'vscode';
import { COMMAND } from '../../core/ids';
import { markdownReport } from '../../core/metadata/diff/report';
import { UserError } from '../../core/userError';
import type { MetadataToolsParts } from '../../metadataTools/setup';
import type { Command } from '../command';
import { chooseTarget } from './choose';

export function saveDiffReportCommand(tools: MetadataToolsParts): Command {
  return {
    id: COMMAND.saveDiffReport,
    run: async (target?: unknown): Promise<string> => {
      const diff = tools.documents.current;
      if (!diff) {
        throw new UserError(vscode.l10n.t('Compare two environments first (Dynamics 365: Compare Environments…).'));
      }
      const uri = await chooseTarget(target, 'file', 'metadata-differences.md', { Markdown: ['md'] });
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(markdownReport(diff, new Date())));
      return uri.fsPath;
    },
  };
}
