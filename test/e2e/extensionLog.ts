// The extension's own log in an e2e run, read from the file VS Code writes its LogOutputChannel to:
// what a test checks when the point is that something was logged and not shown.
import fs from 'node:fs';
import path from 'node:path';
import type { Workbench } from './workbench';

function extensionLog(wb: Workbench): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('Dynamics 365.log')) found.push(full);
    }
  };
  walk(path.join(wb.userDataDir, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Waits until the extension's log has `count` lines matching `pattern`; returns them. */
export async function logLines(wb: Workbench, pattern: RegExp, count = 1, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = extensionLog(wb)
      .split('\n')
      .filter((l) => pattern.test(l));
    if (lines.length >= count) return lines;
    if (Date.now() > deadline) {
      throw new Error(`the extension's log has ${lines.length} of ${count} lines matching ${pattern}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
