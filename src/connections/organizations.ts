// What follows a sign-in and what removing an organization undoes, in one place: the session is
// kept and the organization saved as a connection when it is new; the environments an account can
// reach are listed through a DataverseClient (the token never leaves the client seam); and removing
// an organization signs out of it, lets every feature that keeps something for it drop that (they
// subscribe to onDidRemoveOrganization), then removes its connection entries.
import * as l10n from '@vscode/l10n';
import type { Dynamics365AuthProvider } from '../auth/provider';
import type { SessionRecord } from '../core/auth/sessionIndex';
import type { SignedIn, SignInService } from '../auth/signIn';
import { connectionFor } from '../core/auth/signInTarget';
import { cloudOf, connectionsFor } from '../core/config/connection';
import type { Settings } from '../core/config/settings';
import { SETTING } from '../core/ids';
import { CLOUDS } from '../core/org/clouds';
import { OrgUrl } from '../core/org/orgUrl';
import { UserError } from '../core/userError';
import { DataverseClient } from '../core/webapi/client';
import { parseInstances, type Environment } from '../core/webapi/discovery';
import type { ConnectionEntry } from '../platform/config/connectionsWriter';
import type { HttpSender } from '../core/ports';

/** Where connection entries are written (the user's settings; a fake in tests). */
export interface ConnectionStore {
  save(entry: ConnectionEntry): Promise<void>;
  remove(org: OrgUrl): Promise<boolean>;
}

/** Drops what a feature keeps for an organization; awaited before the removal goes on. */
export type OrganizationRemovedListener = (org: OrgUrl) => Promise<void> | void;

export interface OrganizationsDeps {
  settings: () => Settings;
  provider: Pick<Dynamics365AuthProvider, 'upsertSession' | 'removeOrganization'>;
  signIn: Pick<SignInService, 'tokenForResource'>;
  store: ConnectionStore;
  http: () => HttpSender;
}

/** The fields a new connection entry gets besides its org URL. */
export type ConnectionFields = Omit<ConnectionEntry, 'orgUrl'>;

export class Organizations {
  private readonly removedListeners = new Set<OrganizationRemovedListener>();

  constructor(private readonly deps: OrganizationsDeps) {}

  /**
   * After a sign-in: the session is stored (VS Code hears of it) and the organization becomes a
   * connection unless one exists. `replace` writes the entry even then (a picked environment's
   * name and tenant replace what was there).
   */
  async addSignedIn({ record, token }: SignedIn, fields: ConnectionFields = {}, replace = false): Promise<OrgUrl> {
    await this.deps.provider.upsertSession(record, token.accessToken);
    const org = OrgUrl.from(record.orgUrl);
    if (replace || !connectionsFor(this.deps.settings().connections, org).length) {
      // The entry reads as before: its name first, then the org URL, then the rest.
      const { name, ...rest } = fields;
      await this.deps.store.save({ ...(name !== undefined ? { name } : {}), orgUrl: org.url, ...rest });
    }
    return org;
  }

  /** The environments the account can reach, from its cloud's discovery service (or the one set). */
  async environments(account: SessionRecord, signal?: AbortSignal): Promise<Environment[]> {
    const discoveryUrl = this.discoveryUrl(account);
    const http: HttpSender = { request: (req) => this.deps.http().request(req) };
    const client = new DataverseClient(http, discoveryUrl, {
      getToken: async () => (await this.deps.signIn.tokenForResource(account, discoveryUrl)).accessToken,
    });
    const response = await client.send({ path: '/api/discovery/v2.0/Instances', signal });
    return parseInstances(response.json());
  }

  /** dynamics365.globalDiscoveryUrl, else that of the cloud the account's organization signs in to. */
  discoveryUrl(account: SessionRecord): string {
    const settings = this.deps.settings();
    if (settings.globalDiscoveryUrl) return settings.globalDiscoveryUrl;
    const cloud = cloudOf(connectionFor(OrgUrl.from(account.orgUrl), settings));
    if (cloud === 'custom') {
      throw new UserError(l10n.t('With a custom cloud, set dynamics365.globalDiscoveryUrl to its discovery service.'), {
        actions: [
          {
            title: l10n.t('Open Settings'),
            command: 'workbench.action.openSettings',
            args: [SETTING.globalDiscoveryUrl],
          },
        ],
      });
    }
    return CLOUDS[cloud].globalDiscoveryUrl;
  }

  /** Called, in the order subscribed, each time an organization is removed. */
  onDidRemoveOrganization(listener: OrganizationRemovedListener): { dispose(): void } {
    this.removedListeners.add(listener);
    return { dispose: () => this.removedListeners.delete(listener) };
  }

  /**
   * Signs out of every session of the organization, deletes its stored credentials, lets each
   * subscriber drop what it keeps, then removes its connection entries. True when an entry was removed.
   */
  async remove(org: OrgUrl): Promise<boolean> {
    await this.deps.provider.removeOrganization(org.url);
    for (const listener of [...this.removedListeners]) await listener(org);
    return this.deps.store.remove(org);
  }
}
