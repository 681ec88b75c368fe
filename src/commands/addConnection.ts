// "Dynamics 365: Add Connection…": organization URL, then how to sign in. Interactive connections sign
// in right away; service principals enter their client id, tenant and secret (or certificate), which
// is kept in SecretStorage — the settings get only the non-secret fields.
import * as vscode from 'vscode';
import { parseTenant } from '../core/org/tenant';
import { parseClientId, parseClientSecret, trimPasted } from '../core/pasted';
import type { ConnectionAuthentication } from '../core/config/connection';
import { knownSecrets } from '../core/log/redact';
import { UserError } from '../core/userError';
import type { Configuration } from '../platform/config/configuration';
import { saveConnection, type ConnectionEntry } from '../platform/config/connectionsWriter';
import { askForSecret, askForText } from '../auth/prompts';
import { credentialKey } from '../core/auth/tokenClients';
import type { Command } from './command';
import { askForOrgUrl, pickOrgUrl } from './pickOrg';
import { COMMAND } from '../core/ids';
import { isAppFlow } from '../core/auth/flows';
import type { SecretStore } from '../core/ports';

/** The ways to sign in, in the display language (computed when asked, not at load). */
function kinds(): Array<{ label: string; detail: string; auth: ConnectionAuthentication }> {
  return [
    {
      label: `$(account) ${vscode.l10n.t('Sign in as a user')}`,
      detail: vscode.l10n.t('Browser or device code, with your work account'),
      auth: 'interactive',
    },
    {
      label: `$(key) ${vscode.l10n.t('Application user with a client secret')}`,
      detail: vscode.l10n.t('A service principal: client id, tenant and secret'),
      auth: 'clientSecret',
    },
    {
      label: `$(shield) ${vscode.l10n.t('Application user with a certificate')}`,
      detail: vscode.l10n.t('A service principal: client id, tenant and a PEM certificate'),
      auth: 'clientCertificate',
    },
  ];
}

/**
 * What scripts (tasks, other extensions, CI setups) may pass instead of answering the prompts. The
 * secret goes straight to SecretStorage.
 */
export interface ConnectionPreset {
  authentication?: ConnectionAuthentication;
  clientId?: string;
  tenant?: string;
  clientSecret?: string;
  certificatePath?: string;
  certificatePassword?: string;
  endpointVersion?: 'v1' | 'v2';
}

export function addConnectionCommand(configuration: Configuration, secrets: SecretStore): Command {
  return {
    id: COMMAND.addConnection,
    run: async (orgArg?: unknown, presetArg?: unknown) => {
      const preset = (presetArg && typeof presetArg === 'object' ? presetArg : {}) as ConnectionPreset;
      const org =
        typeof orgArg === 'string' && preset.authentication
          ? await pickOrgUrl(configuration.settings, orgArg)
          : await askForOrgUrl(
              vscode.l10n.t('Dynamics 365: Add Connection (1/2)'),
              typeof orgArg === 'string' ? orgArg : undefined,
            );
      const kind = preset.authentication ?? (await pickKind());
      if (!kind) throw new vscode.CancellationError();
      const entry: ConnectionEntry = {
        orgUrl: org.url,
        authentication: kind,
        ...(preset.endpointVersion ? { endpointVersion: preset.endpointVersion } : {}),
      };
      if (isAppFlow(kind)) await askForAppCredentials(entry, kind, secrets, configuration.settings.tenant, preset);
      await saveConnection(entry);
      return vscode.commands.executeCommand(COMMAND.signIn, org.url);
    },
  };
}

async function pickKind(): Promise<ConnectionAuthentication | undefined> {
  const picked = await vscode.window.showQuickPick(kinds(), {
    title: vscode.l10n.t('Dynamics 365: Add Connection (2/2)'),
    placeHolder: vscode.l10n.t('How do you sign in to this organization?'),
  });
  return picked?.auth;
}

/**
 * Client id, tenant and secret, typed or given by a script, each normalized once before it is
 * stored: a pasted secret loses the line break around it, a tenant domain its capitals.
 */
async function askForAppCredentials(
  entry: ConnectionEntry,
  kind: ConnectionAuthentication,
  secrets: SecretStore,
  defaultTenant: string,
  preset: ConnectionPreset,
): Promise<void> {
  const clientId =
    preset.clientId !== undefined
      ? checked(
          parseClientId(preset.clientId),
          vscode.l10n.t('The client id "{0}" is not a GUID.', trimPasted(preset.clientId)),
        ).clientId
      : await askForText({
          title: vscode.l10n.t('Application (client) id'),
          placeHolder: '00000000-0000-0000-0000-000000000000',
          validate: (v) => {
            const c = parseClientId(v);
            return c.ok ? undefined : c.message;
          },
        }).then((v) => checked(parseClientId(v)).clientId);
  entry.clientId = clientId;
  const tenant =
    preset.tenant ??
    (await askForText({
      title: vscode.l10n.t('Tenant'),
      prompt: vscode.l10n.t(
        'Directory (tenant) id or domain. Leave "organizations" to discover it from the organization URL.',
      ),
      value: defaultTenant,
      validate: (v) => {
        const t = parseTenant(v);
        return t.ok ? undefined : t.message;
      },
    }));
  entry.tenant = checked(parseTenant(tenant)).tenant;
  const key = credentialKey(clientId, entry.orgUrl);
  if (kind === 'clientSecret') {
    const typed =
      preset.clientSecret ??
      (await askForSecret(
        vscode.l10n.t('Client secret'),
        vscode.l10n.t(
          "The secret's Value from Certificates & secrets (kept in VS Code's secret storage, never in settings)",
        ),
        (v) => {
          const r = parseClientSecret(v);
          return r.ok ? undefined : r.message;
        },
      ));
    const secret = checked(parseClientSecret(typed)).secret;
    knownSecrets.add(secret);
    await secrets.store(key, secret);
    return;
  }
  if (preset.certificatePath) {
    entry.certificatePath = trimPasted(preset.certificatePath);
    await storeOrDelete(secrets, key, preset.certificatePassword);
    return;
  }
  const files = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('PEM file with the certificate and its private key'),
    canSelectMany: false,
    filters: { [vscode.l10n.t('PEM certificate')]: ['pem', 'crt', 'key'] },
  });
  if (!files?.[0]) throw new vscode.CancellationError();
  entry.certificatePath = files[0].fsPath;
  // A password may begin or end with a space on purpose: it is kept exactly as typed.
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Private key password'),
    prompt: vscode.l10n.t('Leave empty if the key is not encrypted'),
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) throw new vscode.CancellationError();
  await storeOrDelete(secrets, key, password);
}

/** The parsed value, or a UserError with the parser's message (or the one given). */
function checked<T extends { ok: true }>(result: T | { ok: false; message: string }, message?: string): T {
  if (!result.ok) throw new UserError(message ?? result.message);
  return result;
}

async function storeOrDelete(secrets: SecretStore, key: string, value: string | undefined): Promise<void> {
  if (value) await secrets.store(key, value);
  else await secrets.delete(key);
}
