// Which organization a scratchpad runs against: its `@connection = <url>` line when it has one;
// otherwise the one chosen for it in this window, or the only signed-in organization. The status
// bar shows it; choosing another writes the connection line, so the file says where it runs.
import * as vscode from 'vscode';
import { OrgUrl } from '../core/org/orgUrl';
import { UserError } from '../core/userError';
import type { ConnectionsService, OrgEntry } from '../connections/connectionsService';
import type { ScratchpadDocuments } from './documents';
import { isScratchpad } from './language';
import { cellOrg, isNotebookCell } from './notebookCells';
import { COMMAND, STATUS_BAR } from '../core/ids';

export class DocumentOrgs implements vscode.Disposable {
  private readonly chosen = new Map<string, OrgUrl>();
  private readonly item = vscode.window.createStatusBarItem(
    STATUS_BAR.scratchpadOrg,
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly documents: ScratchpadDocuments,
    private readonly connections: ConnectionsService,
  ) {
    this.item.name = vscode.l10n.t('Dynamics 365 Scratchpad Organization');
    this.item.command = COMMAND.pickScratchpadOrg;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.chosen.delete(d.uri.toString())),
      connections.onDidChange(() => this.update()),
    ];
    this.update();
  }

  /** The organization named in the document or chosen for it; undefined when that is still open. */
  known(document: vscode.TextDocument): OrgUrl | undefined {
    // A notebook cell runs against the notebook's organization (its own status bar item says which).
    if (isNotebookCell(document)) return cellOrg(document);
    const line = this.documents.get(document).connection;
    if (line?.orgUrl) return line.orgUrl;
    return this.chosen.get(document.uri.toString());
  }

  /** The organization to run against, asking when there is a choice to make. */
  async resolve(document: vscode.TextDocument): Promise<OrgUrl> {
    const line = this.documents.get(document).connection;
    if (line && !line.orgUrl) {
      throw new UserError(
        vscode.l10n.t(
          'The @connection line does not name an organization URL: "{0}". Write it as @connection = https://contoso.crm.dynamics.com.',
          line.value,
        ),
      );
    }
    const known = this.known(document);
    if (known) return known;
    const org = await this.pick(undefined);
    this.chosen.set(document.uri.toString(), org);
    this.update();
    return org;
  }

  /** Asks for an organization among the signed-in and configured ones. */
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
      entries.map((e) => itemFor(e, current)),
      {
        title: vscode.l10n.t('Dynamics 365: organization for this scratchpad'),
        placeHolder: vscode.l10n.t('Choose the organization the requests run against'),
      },
    );
    if (!picked) throw new vscode.CancellationError();
    return picked.org;
  }

  /** Writes (or replaces) the document's `@connection` line. */
  async setConnectionLine(document: vscode.TextDocument, org: OrgUrl): Promise<void> {
    const line = this.documents.get(document).connection;
    const edit = new vscode.WorkspaceEdit();
    if (line) {
      edit.replace(
        document.uri,
        new vscode.Range(
          line.range.start.line,
          0,
          line.range.end.line,
          document.lineAt(line.range.end.line).text.length,
        ),
        `@connection = ${org.url}`,
      );
    } else edit.insert(document.uri, new vscode.Position(0, 0), `@connection = ${org.url}\n`);
    await vscode.workspace.applyEdit(edit);
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!isScratchpad(document) || isNotebookCell(document)) {
      this.item.hide();
      return;
    }
    const org = this.known(document);
    this.item.text = `$(database) ${org ? org.shortName : vscode.l10n.t('Choose organization')}`;
    this.item.tooltip = org
      ? vscode.l10n.t('Requests in this scratchpad run against {0}. Click to change.', org.url)
      : vscode.l10n.t('Choose the organization this scratchpad runs against');
    // Read out instead of the icon's name and the short host.
    this.item.accessibilityInformation = {
      label: org
        ? vscode.l10n.t('Scratchpad organization: {0}. Activate to choose another.', org.url)
        : vscode.l10n.t('No organization chosen for this scratchpad. Activate to choose one.'),
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}

function itemFor(entry: OrgEntry, current: OrgUrl | undefined): vscode.QuickPickItem & { org: OrgUrl } {
  return {
    label: entry.name,
    description: entry.org.url,
    detail: entry.session ? vscode.l10n.t('Signed in as {0}', entry.session.account) : vscode.l10n.t('Not signed in'),
    picked: current?.equals(entry.org) ?? false,
    org: entry.org,
  };
}
