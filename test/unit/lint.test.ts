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
    const messages = await messagesFor(
      'src/core/auth/example.ts',
      "import * as vscode from 'vscode';\nexport const x = vscode;\n",
    );
    assert.ok(
      messages.some((m) => m.startsWith('no-restricted-imports')),
      messages.join('\n'),
    );
  });

  it('allows an import of vscode outside src/core', async () => {
    const messages = await messagesFor(
      'src/auth/example.ts',
      "import * as vscode from 'vscode';\nexport const x = vscode;\n",
    );
    assert.deepEqual(
      messages.filter((m) => m.startsWith('no-restricted-imports')),
      [],
    );
  });

  const layerCases: [string, string, boolean][] = [
    ['src/auth/example.ts', '../commands/registry', false],
    ['src/auth/example.ts', '../platform/showError', true],
    ['src/core/example.ts', '../auth/provider', false],
    ['src/core/explorer/example.ts', '../org/orgUrl', true],
    ['src/core/explorer/example.ts', '../auth/authority', false],
    ['src/core/config/example.ts', '../auth/authority', false],
    ['src/core/config/example.ts', '../org/orgUrl', true],
    ['src/core/config/example.ts', '../pasted', true],
    ['src/core/org/example.ts', '../config/settings', false],
    ['src/core/pasted.ts', './org/orgUrl', false],
    ['src/core/log/example.ts', '../userError', true],
    ['src/core/webapi/example.ts', '../query/parser', false],
    ['src/core/results/example.ts', '../query/parser', true],
    ['src/core/results/example.ts', '../webapi/client', true],
    ['src/core/auth/example.ts', '../results/execute', false],
    ['src/core/explorer/example.ts', '../../auth/provider', false],
    ['src/explorer/example.ts', '../scratchpad/runner', false],
    ['src/scratchpad/example.ts', '../results/resultsPanel', true],
    ['src/results/example.ts', '../scratchpad/runner', false],
    ['src/results/example.ts', '../core/results/protocol', true],
    ['src/explorer/example.ts', '../connections/connectionsService', true],
    ['src/connections/example.ts', '../explorer/setup', false],
    ['src/commands/example.ts', '../explorer/setup', true],
    ['src/commands/example.ts', '../extension', false],
  ];
  for (const [file, spec, allowed] of layerCases) {
    it(`${allowed ? 'allows' : 'refuses'} ${spec} from ${file}`, async () => {
      const messages = await messagesFor(file, `import { x } from '${spec}';\nexport const y = x;\n`);
      const upward = messages.filter((m) => m.startsWith('layers/no-upward-import'));
      assert.equal(upward.length, allowed ? 0 : 1, messages.join('\n'));
    });
  }
});
