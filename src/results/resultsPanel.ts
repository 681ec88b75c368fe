// One results view per scratchpad: a webview beside the editor showing the last run's grid, JSON
// and headers. The panel only shows and forwards; what the buttons do (paging, export, copy as
// code) is the controller's job.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isWebviewMessage, type CopyKind, type HostMessage } from '../core/results/protocol';
import { resultsPageHtml } from './html';
import { RESULTS_VIEW_TYPE } from './restore';

export interface ResultsController {
  nextPage(): Promise<void>;
  allPages(): Promise<void>;
  cancel(): void;
  /** Its run no longer owns the view (a new run, or the view closed): stop, and post nothing more. */
  dispose(): void;
  /** The JSON tab was opened: post its text. */
  json(): void;
  export(format: 'csv' | 'json'): Promise<void>;
  copyAs(kind: CopyKind): Promise<void>;
  /** The FetchXML a SQL query ran as: to the clipboard, or into a new scratchpad. */
  copyFetchXml(): Promise<void>;
  openFetchXml(): Promise<void>;
}

export class ResultsPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private readonly queue: HostMessage[] = [];
  private controller: ResultsController | undefined;
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(
    extensionUri: vscode.Uri,
    title: string,
    private readonly onError: (err: unknown) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      RESULTS_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [
          vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
          vscode.Uri.joinPath(extensionUri, 'media'),
        ],
      },
    );
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'dynamics365.svg');
    const webview = this.panel.webview;
    webview.html = resultsPageHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'results.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'results.css')).toString(),
      nonce: randomBytes(18).toString('base64'),
      title,
      language: vscode.env.language,
      bundle: vscode.l10n.bundle ?? {},
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  setTitle(title: string): void {
    if (!this.disposed) this.panel.title = title;
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  /** Shows a new run; its controller answers the buttons from now on, and the one before it ends. */
  show(message: HostMessage, controller?: ResultsController): void {
    if (controller && controller !== this.controller) {
      this.controller?.dispose();
      this.controller = controller;
    }
    this.post(message);
  }

  post(message: HostMessage): void {
    // A closed view takes nothing (its webview would throw "Webview is disposed").
    if (this.disposed) return;
    if (!this.ready) {
      // A new result replaces what was waiting; busy/idle only matter once the page is there.
      if (message.type === 'result') this.queue.length = 0;
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return;
    if (message.type === 'ready') {
      this.ready = true;
      for (const m of this.queue.splice(0)) void this.panel.webview.postMessage(m);
      return;
    }
    const c = this.controller;
    if (!c) return;
    const run = (): Promise<void> | void => {
      switch (message.type) {
        case 'nextPage':
          return c.nextPage();
        case 'allPages':
          return c.allPages();
        case 'cancel':
          return c.cancel();
        case 'json':
          return c.json();
        case 'export':
          return c.export(message.format);
        case 'copyAs':
          return c.copyAs(message.kind);
        case 'copyFetchXml':
          return c.copyFetchXml();
        case 'openFetchXml':
          return c.openFetchXml();
      }
    };
    Promise.resolve().then(run).catch(this.onError);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.controller?.dispose();
    this.panel.dispose();
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
  }
}
