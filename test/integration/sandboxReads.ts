// Reading the sandbox organization as the signed-in user, straight over HTTPS: what a test checks a
// command or cell against (rows really written, really left alone), with the provider's own token.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OrgUrl } from '../../src/core/org/orgUrl';
import { request, sandbox } from './sandbox';

const org = (): OrgUrl => OrgUrl.from(sandbox().orgUrl);

/** The signed-in session's access token for the sandbox, read silently as another extension would. */
export async function sandboxToken(): Promise<string> {
  const s = await vscode.authentication.getSession('dynamics365', [`${org().url}/user_impersonation`], {
    silent: true,
  });
  if (!s) throw new Error('signed out');
  return s.accessToken;
}

/** The rows a Web API query (relative to /api/data/v9.2/) answers; anything but 200 fails the test. */
export async function sandboxRows(query: string): Promise<Record<string, unknown>[]> {
  const reply = await request(`${org().url}/api/data/v9.2/${query}`, {
    headers: { Authorization: `Bearer ${await sandboxToken()}`, Accept: 'application/json' },
  });
  assert.equal(reply.status, 200, reply.body);
  return (JSON.parse(reply.body) as { value: Record<string, unknown>[] }).value;
}
