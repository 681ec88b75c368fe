// Sets a connection's safety level through its command, as the suites do around their tests. A
// level passed as an argument that lowers the safety asks first (a modal): the helper answers it
// with its one button, as the person would, and fails when the level did not change.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { watching } from './messages';

export type SafetyLevel = 'normal' | 'production' | 'readOnly';

export async function setSafety(orgUrl: string, level: SafetyLevel): Promise<void> {
  const set = await watching(
    (shown) => (/lower the safety/.test(shown.message) ? shown.items[0] : undefined),
    async () =>
      vscode.commands.executeCommand<SafetyLevel | undefined>('dynamics365.setConnectionSafety', orgUrl, level),
  );
  assert.equal(set, level, `the safety of ${orgUrl} was not set to ${level}`);
}
