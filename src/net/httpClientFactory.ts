// Builds the one HttpClient from settings: VS Code's proxy settings, our extra CA files and timeout.
// Rebuilt when any of them changes, so sign-in and Dataverse traffic always follow the settings.
import * as vscode from 'vscode';
import { loadCaCertificates } from '../core/http/agents';
import { HttpClient } from '../core/http/httpClient';
import type { Logger } from '../core/log/logger';
import type { Configuration } from '../config/configuration';

export class HttpClientFactory implements vscode.Disposable {
  private client: HttpClient | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly configuration: Configuration, private readonly log: Logger, private readonly userAgent: string) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http') || e.affectsConfiguration('dynamics365')) this.client = undefined;
    });
  }

  /** Throws a clear error when a CA file is missing or not PEM. */
  get(): HttpClient {
    if (this.client) return this.client;
    const http = vscode.workspace.getConfiguration('http');
    const settings = this.configuration.settings;
    this.client = new HttpClient({
      proxy: {
        url: http.get<string>('proxy') || process.env.HTTPS_PROXY || process.env.https_proxy || undefined,
        strictSSL: http.get<boolean>('proxyStrictSSL', true),
        authorization: http.get<string>('proxyAuthorization') || undefined,
        noProxy: (http.get<string[]>('noProxy') ?? []).join(',') || process.env.NO_PROXY || process.env.no_proxy,
      },
      extraCa: loadCaCertificates(settings.extraCaCertificates),
      timeoutMs: settings.requestTimeoutMs,
      userAgent: this.userAgent,
      logger: this.log,
    });
    return this.client;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
