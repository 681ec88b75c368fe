// The tenant a sign-in goes to, as people write it: a GUID, a domain, "organizations" or "common".
import * as l10n from '@vscode/l10n';
import { normalizeGuid, trimPasted } from '../pasted';

export type TenantKind = 'id' | 'domain' | 'organizations' | 'common';

const DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

export type TenantResult = { ok: true; tenant: string; kind: TenantKind } | { ok: false; message: string };

/**
 * A tenant as people write it, normalized once: trimmed, lower case, a GUID without braces, a
 * domain without the trailing dot of a fully qualified name (Contoso.OnMicrosoft.com. →
 * contoso.onmicrosoft.com).
 */
export function parseTenant(input: string | undefined): TenantResult {
  const value = pastedTenant(trimPasted(input ?? '').toLowerCase());
  if (!value || value === 'organizations') return { ok: true, tenant: 'organizations', kind: 'organizations' };
  if (value === 'common') return { ok: true, tenant: 'common', kind: 'common' };
  if (value === 'consumers') {
    return {
      ok: false,
      message: l10n.t(
        'Dynamics 365 needs a work or school account; the tenant "consumers" (personal Microsoft accounts) cannot sign in. Use "organizations" or your tenant id.',
      ),
    };
  }
  const id = normalizeGuid(value);
  if (id) return { ok: true, tenant: id, kind: 'id' };
  const domain = value.replace(/\.$/, '');
  if (DOMAIN.test(domain)) return { ok: true, tenant: domain, kind: 'domain' };
  return {
    ok: false,
    message: l10n.t(
      '"{0}" is not a tenant. Use a tenant id (a GUID), a domain such as contoso.onmicrosoft.com, "organizations" or "common".',
      trimPasted(input ?? ''),
    ),
  };
}

/**
 * What people paste for a tenant besides the tenant itself: an authority or endpoint URL copied from
 * the Entra admin center (https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token) gives its
 * first path segment; a trailing slash is dropped.
 */
function pastedTenant(value: string): string {
  const url = /^https?:\/\/[^/]+\/([^/?#]+)/.exec(value);
  return (url ? url[1]! : value).replace(/\/+$/, '');
}
