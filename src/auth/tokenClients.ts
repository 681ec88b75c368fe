// One TokenClient per (authority, client id, credential), created on first use. MSAL is loaded then,
// not at activation. Client secrets and certificate passwords come from SecretStorage only.
import { readFile } from 'node:fs/promises';
import type { Authority } from '../core/auth/authority';
import type { SecretStore } from '../core/auth/cachePlugin';
import { parseClientCertificate } from '../core/auth/certificate';
import { TokenClient, type ClientCredential } from '../core/auth/tokenClient';
import { V1TokenClient } from '../core/auth/v1TokenClient';
import type { HttpSender } from '../core/http/httpClient';
import type { Logger } from '../core/log/logger';
import { UserError } from '../core/userError';

export type CredentialKind = 'secret' | 'certificate';

/** SecretStorage key of a service principal's secret (or certificate password) for one org. */
export function credentialKey(clientId: string, orgUrl: string): string {
  return `dynamics365.credential/${clientId.toLowerCase()}/${orgUrl.toLowerCase()}`;
}

export class TokenClients {
  private readonly clients = new Map<string, Promise<TokenClient>>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly http: () => HttpSender,
    private readonly log: Logger,
  ) {}

  publicClient(authority: Authority, clientId: string): Promise<TokenClient> {
    return this.cached(`public|${authority.url}|${clientId}`, async () =>
      TokenClient.create({ authority, clientId, http: this.lazyHttp(), secretStore: this.secrets, logger: this.log }));
  }

  confidentialClient(authority: Authority, clientId: string, orgUrl: string, kind: CredentialKind, certificatePath: string): Promise<TokenClient> {
    return this.cached(`confidential|${authority.url}|${clientId}|${orgUrl}`, async () => {
      const credential = await this.loadCredential(clientId, orgUrl, kind, certificatePath);
      return TokenClient.create({ authority, clientId, credential, http: this.lazyHttp(), secretStore: this.secrets, logger: this.log });
    });
  }

  /** The v1 endpoint (`resource=`) for application users whose tenant or tools need it. */
  async v1Client(authority: Authority, clientId: string, orgUrl: string): Promise<V1TokenClient> {
    const credential = await this.loadCredential(clientId, orgUrl, 'secret', '');
    if (credential.kind !== 'secret') throw new UserError('The v1 endpoint is used with a client secret only; set endpointVersion to "v2" for a certificate.');
    return new V1TokenClient({ authority, clientId, clientSecret: credential.secret, http: this.lazyHttp(), logger: this.log });
  }

  /** Forget clients (after a sign-out or a changed secret) so the next use starts fresh. */
  forget(): void {
    this.clients.clear();
  }

  private cached(key: string, create: () => Promise<TokenClient>): Promise<TokenClient> {
    let client = this.clients.get(key);
    if (!client) {
      client = create();
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }

  /** The HTTP client follows settings changes even for a TokenClient created earlier. */
  private lazyHttp(): HttpSender {
    return { request: (req) => this.http().request(req) };
  }

  private async loadCredential(clientId: string, orgUrl: string, kind: CredentialKind, certificatePath: string): Promise<ClientCredential> {
    const stored = await this.secrets.get(credentialKey(clientId, orgUrl));
    if (stored) this.log.addSecret?.(stored);
    if (kind === 'secret') {
      if (!stored) throw new UserError(`No client secret is stored for app ${clientId}. Run "Dynamics 365: Add Connection…" to enter it again.`, { code: 'no_secret' });
      this.log.debug(`Using the stored client secret of app ${clientId}`);
      return { kind: 'secret', secret: stored };
    }
    if (!certificatePath) throw new UserError('The connection has no certificatePath. Set it to a PEM file with the certificate and its private key.', { code: 'no_certificate' });
    let pem: string;
    try {
      pem = await readFile(certificatePath, 'utf8');
    } catch {
      throw new UserError(`Cannot read the certificate file "${certificatePath}". Check the connection's certificatePath.`, { code: 'ENOENT' });
    }
    return { kind: 'certificate', certificate: parseClientCertificate(pem, stored || undefined, certificatePath) };
  }
}
