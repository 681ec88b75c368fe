// Asks which organization a command is about: one of the configured connections, or a URL typed in
// (checked as it is typed, with the https form offered for a bare host).
import * as vscode from 'vscode';
import { parseOrgUrl, type OrgUrl } from '../core/org/orgUrl';
import type { Settings } from '../core/config/settings';
import { UserError } from '../core/userError';

/** An example URL: the same in every language, so not in the string bundle. */
const ORG_URL_EXAMPLE = 'https://contoso.crm.dynamics.com';

export async function pickOrgUrl(settings: Settings, provided?: unknown, title = 'Dynamics 365'): Promise<OrgUrl> {
  if (typeof provided === 'string' && provided.trim()) {
    const parsed = parseOrgUrl(provided);
    if (!parsed.ok) throw new UserError(parsed.message);
    return parsed.value;
  }
  const other = { label: `$(add) ${vscode.l10n.t('Another organization…')}`, description: undefined, org: undefined };
  const items = [
    ...settings.connections.map((c) => ({ label: c.name, description: c.org.url, org: c.org as OrgUrl | undefined })),
    other,
  ];
  const picked =
    items.length === 1
      ? other
      : await vscode.window.showQuickPick(items, {
          title,
          placeHolder: vscode.l10n.t('Choose an organization'),
        });
  if (!picked) throw new vscode.CancellationError();
  if (picked.org) return picked.org;
  return askForOrgUrl(title);
}

export async function askForOrgUrl(title: string, value?: string): Promise<OrgUrl> {
  const input = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Organization URL, as in the browser address bar when the app is open'),
    placeHolder: ORG_URL_EXAMPLE,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const r = parseOrgUrl(v);
      return r.ok ? undefined : r.message;
    },
  });
  if (!input?.trim()) throw new vscode.CancellationError();
  const parsed = parseOrgUrl(input);
  if (!parsed.ok) throw new UserError(parsed.message);
  return parsed.value;
}
