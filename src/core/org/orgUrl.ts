// The organization URL, normalized once: https, lower-case host, no path. Everything else (scopes,
// tenant discovery, the Web API base) is derived from this value.
import * as l10n from '@vscode/l10n';
import { trimPasted } from '../pasted';
import { inferCloud, type CloudName } from './clouds';

export class OrgUrl {
  private constructor(
    /** https://org.crm.dynamics.com — no trailing slash. */
    readonly url: string,
    readonly host: string,
    readonly cloud: CloudName,
  ) {}

  static parse(input: unknown): OrgUrlResult {
    return parseOrgUrl(input);
  }

  /** Throws with the user-facing message; for values already validated once. */
  static from(input: unknown): OrgUrl {
    const r = parseOrgUrl(input);
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }

  /** @internal */
  static create(host: string): OrgUrl {
    return new OrgUrl(`https://${host}`, host, inferCloud(host.replace(/:\d+$/, '')));
  }

  get webApiUrl(): string {
    return `${this.url}/api/data/v9.2/`;
  }

  /** The environment's short name: "contoso" for contoso.crm4.dynamics.com. */
  get shortName(): string {
    return this.cloud === 'custom' ? this.host : (this.host.split('.')[0] ?? this.host);
  }

  equals(other: OrgUrl): boolean {
    return this.url === other.url;
  }

  toString(): string {
    return this.url;
  }
}

/**
 * How an organization URL kept as text (a stored session record, a token's audience, a document's
 * context) is compared with another: no trailing slash, lower case. An OrgUrl's url is already in
 * this form.
 */
export function orgKey(text: string): string {
  return text.trim().replace(/\/+$/, '').toLowerCase();
}

export type OrgUrlResult =
  | { ok: true; value: OrgUrl }
  | { ok: false; message: string; /** A corrected value to offer, e.g. the https form. */ suggestion?: string };

const EXAMPLE = 'https://contoso.crm.dynamics.com';
// Paths users copy from the browser or from tools; all of them mean "this organization".
const TOLERATED_PATH = /^\/(api(\/data(\/v\d+(\.\d+)?)?(\/.*)?)?|main\.aspx.*|(apps|XRMServices|tools)(\/.*)?|)$/i;

export function parseOrgUrl(input: unknown): OrgUrlResult {
  const value = typeof input === 'string' ? trimPasted(input) : '';
  if (!value) return { ok: false, message: l10n.t('Enter the organization URL, for example {0}.', EXAMPLE) };
  if (/\s/.test(value)) {
    return {
      ok: false,
      message: l10n.t('The organization URL "{0}" contains spaces. It looks like {1}.', value, EXAMPLE),
    };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'http') {
    const suggestion = 'https://' + value.slice('http://'.length);
    const fixed = parseOrgUrl(suggestion);
    return {
      ok: false,
      message: l10n.t('Dataverse is only reachable over https://. Use {0}.', fixed.ok ? fixed.value.url : suggestion),
      ...(fixed.ok ? { suggestion: fixed.value.url } : {}),
    };
  }
  if (scheme && scheme !== 'https') {
    return { ok: false, message: l10n.t('The organization URL must start with https://, not {0}://.', scheme) };
  }
  if (!scheme) {
    const fixed = /^[a-z0-9.-]+(:\d+)?(\/.*)?$/i.test(value) ? parseOrgUrl(`https://${value}`) : undefined;
    if (fixed?.ok) {
      return {
        ok: false,
        message: l10n.t('The organization URL needs a scheme. Did you mean {0}?', fixed.value.url),
        suggestion: fixed.value.url,
      };
    }
    return { ok: false, message: l10n.t('"{0}" is not an organization URL. It looks like {1}.', value, EXAMPLE) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: l10n.t('"{0}" is not a valid URL. It looks like {1}.', value, EXAMPLE) };
  }
  return checkParts(url, value);
}

function checkParts(url: URL, value: string): OrgUrlResult {
  if (url.username || url.password) {
    return { ok: false, message: l10n.t('The organization URL must not contain a user name or password.') };
  }
  if (!url.hostname || !/^(\[[0-9a-f:.]+\]|[a-z0-9-]+(\.[a-z0-9-]+)*\.?)$/i.test(url.hostname)) {
    return { ok: false, message: l10n.t('"{0}" has no valid host name. It looks like {1}.', value, EXAMPLE) };
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path && !TOLERATED_PATH.test(path)) {
    return {
      ok: false,
      message: l10n.t(
        'The organization URL should be only the environment\'s address, like https://{0}; remove "{1}".',
        url.host,
        url.pathname,
      ),
      suggestion: `https://${url.host.toLowerCase()}`,
    };
  }
  // A fully qualified name's trailing dot (contoso.crm.dynamics.com.) names the same host.
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  if (/\.dynamics\.com$/.test(hostname) && !/\.crm\d*\.dynamics\.com$/.test(hostname)) {
    return {
      ok: false,
      message: l10n.t(
        '{0} is not a Dataverse environment address. Environment URLs look like {1} (find yours in the Power Platform admin center).',
        host,
        EXAMPLE,
      ),
    };
  }
  return { ok: true, value: OrgUrl.create(host) };
}
