// The national clouds Dataverse runs in, and where each one signs in.
import * as l10n from '@vscode/l10n';

export type CloudName = 'public' | 'gcc' | 'gccHigh' | 'dod' | 'china' | 'custom';

export interface CloudInfo {
  name: CloudName;
  label: string;
  /** https://login.microsoftonline.com and friends; no trailing slash. */
  authorityHost: string;
  /** Global discovery service for this cloud (lists the user's environments). */
  globalDiscoveryUrl: string;
}

export const CLOUDS: Readonly<Record<Exclude<CloudName, 'custom'>, CloudInfo>> = {
  public: {
    name: 'public',
    get label() {
      return l10n.t({ message: 'Public', comment: ['The public (commercial) cloud of Microsoft'] });
    },
    authorityHost: 'https://login.microsoftonline.com',
    globalDiscoveryUrl: 'https://globaldisco.crm.dynamics.com',
  },
  gcc: {
    name: 'gcc',
    // eslint-disable-next-line no-restricted-syntax -- Microsoft's name of this cloud, the same in every language
    label: 'US Government Community Cloud (GCC)',
    authorityHost: 'https://login.microsoftonline.com',
    globalDiscoveryUrl: 'https://globaldisco.crm9.dynamics.com',
  },
  gccHigh: {
    name: 'gccHigh',
    // eslint-disable-next-line no-restricted-syntax -- Microsoft's name of this cloud, the same in every language
    label: 'US Government GCC High',
    authorityHost: 'https://login.microsoftonline.us',
    globalDiscoveryUrl: 'https://globaldisco.crm.microsoftdynamics.us',
  },
  dod: {
    name: 'dod',
    // eslint-disable-next-line no-restricted-syntax -- Microsoft's name of this cloud, the same in every language
    label: 'US Government DoD',
    authorityHost: 'https://login.microsoftonline.us',
    globalDiscoveryUrl: 'https://globaldisco.crm.appsplatform.us',
  },
  china: {
    name: 'china',
    label: 'China (21Vianet)',
    authorityHost: 'https://login.partner.microsoftonline.cn',
    globalDiscoveryUrl: 'https://globaldisco.crm.dynamics.cn',
  },
};

export const CLOUD_NAMES: readonly CloudName[] = ['public', 'gcc', 'gccHigh', 'dod', 'china', 'custom'];

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (CLOUD_NAMES as readonly string[]).includes(value);
}

/** The cloud an org host belongs to, or 'custom' for hosts that are not Dataverse's. */
export function inferCloud(host: string): CloudName {
  const h = host.toLowerCase();
  if (/\.crm9\.dynamics\.com$/.test(h)) return 'gcc';
  if (/(^|\.)crm\.microsoftdynamics\.us$/.test(h)) return 'gccHigh';
  if (/(^|\.)crm\.appsplatform\.us$/.test(h)) return 'dod';
  if (/(^|\.)crm\.dynamics\.cn$/.test(h)) return 'china';
  if (/\.crm\d*\.dynamics\.com$/.test(h)) return 'public';
  return 'custom';
}

export type CloudResult = { ok: true; cloud: CloudInfo } | { ok: false; message: string };

/**
 * The cloud to sign in to. `custom` needs the user's authority host (dynamics365.authorityHost), an
 * https URL; its discovery URL is unknown, so it is left empty.
 */
export function resolveCloud(name: CloudName, customAuthorityHost?: string): CloudResult {
  if (name !== 'custom') return { ok: true, cloud: CLOUDS[name] };
  const host = parseAuthorityHost(customAuthorityHost ?? '');
  if (!host.ok) return host;
  return {
    ok: true,
    cloud: {
      name: 'custom',
      label: l10n.t('Custom ({0})', new URL(host.url).host),
      authorityHost: host.url,
      globalDiscoveryUrl: '',
    },
  };
}

export function parseAuthorityHost(input: string): { ok: true; url: string } | { ok: false; message: string } {
  const value = input.trim();
  if (!value) {
    return {
      ok: false,
      message: l10n.t(
        'The cloud is "custom" but no sign-in host is set: put it in dynamics365.authorityHost, e.g. https://login.example.com.',
      ),
    };
  }
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `https://${value}`);
  } catch {
    return {
      ok: false,
      message: l10n.t('The sign-in host "{0}" is not a URL. Use a form like https://login.example.com.', value),
    };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, message: l10n.t('The sign-in host must use https://, not {0}//.', url.protocol) };
  }
  if (url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    return {
      ok: false,
      message: l10n.t(
        'The sign-in host should be only scheme and host, like https://{0}; remove "{1}".',
        url.host,
        `${url.pathname}${url.search}`,
      ),
    };
  }
  return { ok: true, url: `https://${url.host}` };
}
