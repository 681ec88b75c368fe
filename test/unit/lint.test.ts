import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';

describe('lint rules', function () {
  this.timeout(60000);
  const eslint = new ESLint();

  async function messagesFor(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('rejects an import of vscode under src/core', async () => {
    const messages = await messagesFor('src/core/auth/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports')), messages.join('\n'));
  });

  it('allows an import of vscode outside src/core', async () => {
    const messages = await messagesFor('src/auth/example.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.deepEqual(messages.filter((m) => m.startsWith('no-restricted-imports')), []);
  });
});
