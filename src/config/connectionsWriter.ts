// Adds and removes entries of `dynamics365.connections` in the user's settings. Only non-secret
// fields are ever written here; secrets go to SecretStorage under the connection's key.
import * as vscode from 'vscode';
import { SECTION } from './configuration';

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

function sameOrg(a: unknown, orgUrl: string): boolean {
  const url = (a as { orgUrl?: unknown })?.orgUrl;
  return typeof url === 'string' && url.replace(/\/+$/, '').toLowerCase() === orgUrl.replace(/\/+$/, '').toLowerCase();
}

/** Adds the connection, replacing an existing one for the same org. */
export async function saveConnection(entry: ConnectionEntry): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<unknown[]>('connections') ?? [];
  const clean = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''));
  const next = [...current.filter((c) => !sameOrg(c, entry.orgUrl)), clean];
  await config.update('connections', next, vscode.ConfigurationTarget.Global);
}

export async function removeConnection(orgUrl: string): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<unknown[]>('connections') ?? [];
  const next = current.filter((c) => !sameOrg(c, orgUrl));
  if (next.length === current.length) return false;
  await config.update('connections', next, vscode.ConfigurationTarget.Global);
  return true;
}
