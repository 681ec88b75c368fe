// Adds, changes and removes entries of `dynamics365.connections` in the user's settings. Only non-secret
// fields are ever written here; secrets go to SecretStorage under the connection's key. The list is
// read from the user's settings too, so a workspace's entries are never copied into them.
import * as vscode from 'vscode';
import type { OrgUrl } from '../../core/org/orgUrl';
import { isEntryFor, withConnectionSaved } from '../../core/config/connectionEntries';
import { SECTION, userValue } from './configuration';

export interface ConnectionEntry {
  name?: string;
  orgUrl: string;
  tenant?: string;
  cloud?: string;
  authorityHost?: string;
  clientId?: string;
  authentication?: 'interactive' | 'clientSecret' | 'clientCertificate' | 'importedToken';
  certificatePath?: string;
  endpointVersion?: 'v1' | 'v2';
}

function userConnections(config: vscode.WorkspaceConfiguration): unknown[] {
  const list = userValue<unknown>(config, 'connections');
  return Array.isArray(list) ? list : [];
}

/**
 * Adds the connection, or merges it into the existing entry for the same org: fields the entry does
 * not set (name, readOnly, production, …) are kept (see withConnectionSaved).
 */
export async function saveConnection(entry: ConnectionEntry): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const next = withConnectionSaved(userConnections(config), { ...entry });
  await config.update('connections', next, vscode.ConfigurationTarget.Global);
}

export async function removeConnection(org: OrgUrl): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = userConnections(config);
  const next = current.filter((c) => !isEntryFor(c, org));
  if (next.length === current.length) return false;
  await config.update('connections', next, vscode.ConfigurationTarget.Global);
  return true;
}

/** Changes fields of an existing connection in place (keeping its position and other fields). */
export async function updateConnection(org: OrgUrl, patch: Record<string, unknown>): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = userConnections(config);
  let found = false;
  const next = current.map((c) => {
    if (!isEntryFor(c, org)) return c;
    found = true;
    const merged: Record<string, unknown> = { ...c, ...patch };
    for (const [k, v] of Object.entries(merged)) if (v === undefined || v === false) delete merged[k];
    return merged;
  });
  if (found) await config.update('connections', next, vscode.ConfigurationTarget.Global);
  return found;
}
