// Builds the one HttpClient from settings: VS Code's proxy settings, our extra CA files and timeout.
// Rebuilt when any of them changes, so sign-in and Dataverse traffic always follow the settings.
// The proxy settings are read from the user's own settings: VS Code declares them application or
// machine scoped, and a workspace must not route or un-verify our traffic in an older one either.
import * as vscode from 'vscode';
import { loadCaCertificates } from '../../core/http/agents';
import { HttpClient } from '../../core/http/httpClient';
import type { Logger } from '../../core/log/logger';
import { userValue, type Configuration } from '../config/configuration';
import { SETTINGS_SECTION } from '../../core/ids';

export class HttpClientFactory implements vscode.Disposable {
  private client: HttpClient | undefined;
  private readonly subscription: vscode.Disposable;
  private laxProxyNoted = false;

  constructor(
    private readonly configuration: Configuration,
    private readonly log: Logger,
    private readonly userAgent: string,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('http') || e.affectsConfiguration(SETTINGS_SECTION)) this.client = undefined;
    });
  }

  /** Throws a clear error when a CA file is missing or not PEM. */
  get(): HttpClient {
    if (this.client) return this.client;
    const http = vscode.workspace.getConfiguration('http');
    const settings = this.configuration.settings;
    const proxyUrl =
      userValue<string>(http, 'proxy')?.trim() || process.env.HTTPS_PROXY || process.env.https_proxy || undefined;
    const strictSSL = userValue<boolean>(http, 'proxyStrictSSL') !== false;
    if (proxyUrl && !strictSSL) this.noteLaxProxy();
    this.client = new HttpClient({
      proxy: {
        url: proxyUrl,
        strictSSL,
        authorization: userValue<string>(http, 'proxyAuthorization') || undefined,
        noProxy: (userValue<string[]>(http, 'noProxy') ?? []).join(',') || process.env.NO_PROXY || process.env.no_proxy,
      },
      extraCa: loadCaCertificates(settings.extraCaCertificates),
      timeoutMs: settings.requestTimeoutMs,
      userAgent: this.userAgent,
      logger: this.log,
    });
    return this.client;
  }

  /** Once per window: what http.proxyStrictSSL: false does here, and what it does not. */
  private noteLaxProxy(): void {
    if (this.laxProxyNoted) return;
    this.laxProxyNoted = true;
    this.log.warn(
      "http.proxyStrictSSL is off: the proxy's own certificate is not checked. Certificates of Microsoft Entra ID and " +
        'Dataverse are still checked inside the tunnel; if your proxy inspects TLS, add its CA to dynamics365.extraCaCertificates.',
    );
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
