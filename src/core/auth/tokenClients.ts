// One TokenClient per (authority, client id, credential), created on first use. MSAL is loaded then,
// not at activation. Client secrets and certificate passwords come from SecretStorage only, and are
// read again for every use: a client made with an older secret is never handed out after the secret
// changed or was removed.
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Authority } from './authority';
import { parseClientCertificate } from './certificate';
import type { EnumerableSecretStore } from './keyLedger';
import { appCacheKey, credentialKey, isCredentialOf, publicCacheKey } from './secretKeys';
import { TokenClient, type ClientCredential } from './tokenClient';
import { V1TokenClient } from './v1TokenClient';
import type { Logger } from '../log/logger';
import { UserError } from '../userError';
import type { HttpSender } from '../ports';

export { credentialKey };

export type CredentialKind = 'secret' | 'certificate';

export class TokenClients {
  private readonly clients = new Map<string, Promise<TokenClient>>();

  constructor(
    private readonly secrets: EnumerableSecretStore,
    private readonly http: () => HttpSender,
    private readonly log: Logger,
  ) {}

  publicClient(authority: Authority, clientId: string): Promise<TokenClient> {
    return this.cached(`public|${authority.url}|${clientId.toLowerCase()}`, async () =>
      TokenClient.create({
        authority,
        clientId,
        http: this.lazyHttp(),
        secretStore: this.secrets,
        cacheKey: publicCacheKey(clientId, authority.host),
        logger: this.log,
      }),
    );
  }

  async confidentialClient(
    authority: Authority,
    clientId: string,
    orgUrl: string,
    kind: CredentialKind,
    certificatePath: string,
  ): Promise<TokenClient> {
    const stored = await this.storedCredential(clientId, orgUrl, kind);
    const base = `confidential|${authority.url}|${clientId.toLowerCase()}|${orgUrl.toLowerCase()}|`;
    // The map key carries a digest of the credential (in memory only), so a changed secret makes a new client.
    const key =
      base +
      createHash('sha256')
        .update(`${kind}\0${certificatePath}\0${stored ?? ''}`)
        .digest('hex');
    for (const other of [...this.clients.keys()]) {
      if (other.startsWith(base) && other !== key) this.clients.delete(other);
    }
    return this.cached(key, async () =>
      TokenClient.create({
        authority,
        clientId,
        credential: await this.credential(clientId, kind, stored, certificatePath),
        http: this.lazyHttp(),
        secretStore: this.secrets,
        cacheKey: appCacheKey(clientId, authority.host, authority.tenant, orgUrl),
        logger: this.log,
      }),
    );
  }

  /** The v1 endpoint (`resource=`) for application users whose tenant or tools need it. */
  async v1Client(authority: Authority, clientId: string, orgUrl: string): Promise<V1TokenClient> {
    const stored = await this.storedCredential(clientId, orgUrl, 'secret');
    const credential = await this.credential(clientId, 'secret', stored, '');
    if (credential.kind !== 'secret') {
      throw new UserError(
        l10n.t('The v1 endpoint is used with a client secret only; set endpointVersion to "v2" for a certificate.'),
      );
    }
    return new V1TokenClient({
      authority,
      clientId,
      clientSecret: credential.secret,
      http: this.lazyHttp(),
      logger: this.log,
    });
  }

  /** Drops the application clients of an organization from memory (after its sign-out or removal). */
  forgetApp(orgUrl: string): void {
    const org = `|${orgUrl.toLowerCase()}|`;
    for (const key of [...this.clients.keys()]) {
      if (key.startsWith('confidential|') && key.includes(org)) this.clients.delete(key);
    }
  }

  /** Deletes every stored credential of an organization, whichever client id it was stored for. */
  async deleteCredentials(orgUrl: string): Promise<void> {
    for (const key of await this.secrets.keys()) {
      if (isCredentialOf(key, orgUrl)) await this.secrets.delete(key);
    }
    this.forgetApp(orgUrl);
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

  private async storedCredential(clientId: string, orgUrl: string, kind: CredentialKind): Promise<string | undefined> {
    const stored = await this.secrets.get(credentialKey(clientId, orgUrl));
    if (stored) this.log.addSecret?.(stored);
    if (kind === 'secret' && !stored) {
      throw new UserError(
        l10n.t(
          'No client secret is stored for app {0}. Run "Dynamics 365: Add Connection…" to enter it again.',
          clientId,
        ),
        { code: 'no_secret' },
      );
    }
    return stored || undefined;
  }

  private async credential(
    clientId: string,
    kind: CredentialKind,
    stored: string | undefined,
    certificatePath: string,
  ): Promise<ClientCredential> {
    if (kind === 'secret') {
      this.log.debug(`Using the stored client secret of app ${clientId}`);
      return { kind: 'secret', secret: stored ?? '' };
    }
    if (!certificatePath) {
      throw new UserError(
        l10n.t('The connection has no certificatePath. Set it to a PEM file with the certificate and its private key.'),
        { code: 'no_certificate' },
      );
    }
    let pem: string;
    try {
      pem = await readFile(certificatePath, 'utf8');
    } catch {
      throw new UserError(
        l10n.t('Cannot read the certificate file "{0}". Check the connection\'s certificatePath.', certificatePath),
        { code: 'ENOENT' },
      );
    }
    return { kind: 'certificate', certificate: parseClientCertificate(pem, stored, certificatePath) };
  }
}
