// scripts/lazyModules.mjs on a small fixture: the chunk gets the modules the main bundle already has
// from it (one class, one state at run time), bundles what only it uses, and a static import of a
// lazy entry is refused. The outputs are run, not only inspected.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ownCode } from '../../../scripts/lazyModules.mjs';

const FILES: Record<string, string> = {
  'src/shared.ts': `export class Thing {}\nlet count = 0;\nexport function bump(): number { return ++count; }\n`,
  'src/onlyLazy.ts': `export const onlyLazy = 'bundled in the chunk';\n`,
  'src/lazy.ts': `import { Thing, bump } from './shared';\nimport { onlyLazy } from './onlyLazy';\nexport function make(): { thing: Thing; count: number; onlyLazy: string } { return { thing: new Thing(), count: bump(), onlyLazy }; }\n`,
  'src/main.ts': [
    `import { Thing, bump } from './shared';`,
    `export async function run() {`,
    `  bump();`,
    `  const lazy = await import('./lazy');`,
    `  const made = lazy.make();`,
    `  return { sameClass: made.thing instanceof Thing, count: made.count, onlyLazy: made.onlyLazy, again: (await import('./lazy')).make === lazy.make };`,
    `}`,
    `export function runSync() {`,
    `  const lazy = require('./lazy');`,
    `  const made = lazy.make();`,
    `  return { sameClass: made.thing instanceof Thing, count: made.count };`,
    `}`,
  ].join('\n'),
};

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lazy-modules-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function build(root: string) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs' as const,
    platform: 'node' as const,
    metafile: true,
    logLevel: 'silent' as const,
  };
  return ownCode(
    esbuild,
    [{ entry: 'src/lazy.ts', file: 'lazy/lazy.js' }],
    { ...common, entryPoints: ['src/main.ts'], outfile: join(root, 'out/main.js') },
    (m) => ({ ...common, outfile: join(root, 'out', m.file) }),
  ).build();
}

describe('lazy modules (scripts/lazyModules.mjs)', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it("hands the chunk the main bundle's modules, so a class and a state exist once", async () => {
    const root = fixture(FILES);
    roots.push(root);
    const outputs = await build(root);
    const inputs = Object.fromEntries(
      outputs.map(([file, r]) => [file.slice(root.length + 1), Object.keys(r.metafile!.inputs)]),
    );
    assert.ok(inputs['out/main.js']!.includes('src/shared.ts'));
    assert.ok(!inputs['out/lazy/lazy.js']!.includes('src/shared.ts'), 'shared.ts bundled into the chunk too');
    assert.ok(inputs['out/lazy/lazy.js']!.includes('lazy-shared:src/shared.ts'));
    assert.ok(inputs['out/lazy/lazy.js']!.includes('src/onlyLazy.ts'));
    assert.ok(!inputs['out/main.js']!.includes('src/lazy.ts') && !inputs['out/main.js']!.includes('src/onlyLazy.ts'));
    assert.doesNotMatch(readFileSync(join(root, 'out/main.js'), 'utf8'), /bundled in the chunk/);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(join(root, 'out/main.js')) as {
      run(): Promise<Record<string, unknown>>;
      runSync(): Record<string, unknown>;
    };
    assert.deepEqual(await main.run(), { sameClass: true, count: 2, onlyLazy: 'bundled in the chunk', again: true });
    // A require() inside a function loads the same chunk, synchronously.
    assert.deepEqual(main.runSync(), { sameClass: true, count: 3 });
  });

  it('refuses a lazy entry that the main bundle imports statically', async () => {
    const root = fixture({ ...FILES, 'src/main.ts': `import { make } from './lazy';\nexport const run = make;\n` });
    roots.push(root);
    await assert.rejects(
      build(root),
      /src\/lazy\.ts is imported statically by the main bundle; reach it with import\(\) or a require\(\) inside a function only/,
    );
  });
});
