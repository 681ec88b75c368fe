// Sign-in steps the in-host suites share: a device-code sign-in approved at the emulator, as the
// user would approve it on the device page.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { control, sandbox, waitFor } from './sandbox';

export interface SignInResult {
  sessionId: string;
  account: string;
  orgUrl: string;
}

export async function signInWithDeviceCode(
  username = sandbox().users[0].username,
  orgUrl = sandbox().orgUrl,
): Promise<SignInResult> {
  const known = new Set((await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code));
  const signingIn = vscode.commands.executeCommand<SignInResult>('dynamics365.signIn', orgUrl, { flow: 'deviceCode' });
  const userCode = await waitFor('a device code', async () =>
    (await control<{ user_code: string }[]>('/device/pending')).map((p) => p.user_code).find((c) => !known.has(c)),
  );
  await control('/device/approve', { user_code: userCode, username });
  const result = await signingIn;
  assert.ok(result, 'the sign-in command returned nothing (it failed; see the log)');
  return result;
}
