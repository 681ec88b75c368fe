// The notebook's organization in the status bar, and choosing another: the choice is written to
// the notebook (saved with it) and its kernel selected, so the kernel picker and the status bar
// always agree.
import * as vscode from 'vscode';
import type { OrgUrl } from '../core/org/orgUrl';
import { UserError } from '../core/userError';
import type { ConnectionsService } from '../connections/connectionsService';
import { COMMAND, NOTEBOOK, STATUS_BAR } from '../core/ids';
import type { NotebookKernels } from './kernels';
import { notebookOrg, setNotebookOrg } from './notebookOrg';

export class NotebookOrgStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR.notebookOrg, vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly connections: ConnectionsService,
    private readonly kernels: NotebookKernels,
    private readonly extensionId: string,
  ) {
    this.item.name = vscode.l10n.t('Dynamics 365 Notebook Organization');
    this.item.command = COMMAND.pickNotebookOrg;
    this.subscriptions = [
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.metadata && e.notebook === vscode.window.activeNotebookEditor?.notebook) this.update();
      }),
    ];
    this.update();
  }

  update(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (notebook?.notebookType !== NOTEBOOK.type) {
      this.item.hide();
      return;
    }
    const org = notebookOrg(notebook);
    this.item.text = org ? `$(database) ${org.shortName}` : `$(database) ${vscode.l10n.t('Choose organization')}`;
    this.item.tooltip = org
      ? vscode.l10n.t('Cells in this notebook run against {0}. Click to change.', org.url)
      : vscode.l10n.t('Choose the organization this notebook runs against');
    this.item.show();
  }

  /** Asks for an organization and makes it the notebook's (and its kernel). */
  async choose(notebook: vscode.NotebookDocument): Promise<OrgUrl> {
    const org = await this.pick(notebookOrg(notebook));
    await this.use(notebook, org);
    return org;
  }

  /** Makes `org` the notebook's organization and selects its kernel in the editor showing it. */
  async use(notebook: vscode.NotebookDocument, org: OrgUrl): Promise<void> {
    if (notebookOrg(notebook)?.url !== org.url) await setNotebookOrg(notebook, org);
    const controller = this.kernels.controllerFor(org);
    controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
    const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === notebook);
    if (editor) {
      await vscode.commands.executeCommand('notebook.selectKernel', {
        notebookEditor: editor,
        id: controller.id,
        extension: this.extensionId,
      });
    }
    this.update();
  }

  async pick(current: OrgUrl | undefined): Promise<OrgUrl> {
    const entries = await this.connections.list();
    const signedIn = entries.filter((e) => e.session);
    if (!current && signedIn.length === 1) return signedIn[0]!.org;
    if (entries.length === 0) {
      throw new UserError(vscode.l10n.t('Sign in to an organization first.'), {
        code: 'no_org',
        actions: [{ title: vscode.l10n.t('Sign In'), command: COMMAND.signIn }],
      });
    }
    const picked = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: e.name,
        description: e.org.url,
        detail: e.session ? vscode.l10n.t('Signed in as {0}', e.session.account) : vscode.l10n.t('Not signed in'),
        org: e.org,
      })),
      { title: vscode.l10n.t('Dynamics 365: organization for this notebook') },
    );
    if (!picked) throw new vscode.CancellationError();
    return picked.org;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
