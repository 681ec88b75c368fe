// scripts/check-node.mjs: an unsupported Node gets one actionable sentence, and no locked package
// wants a newer Node than the one package.json states (a fresh `npm ci` prints no EBADENGINE).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockEngineConflicts, nodeProblem, satisfies } from '../../../scripts/check-node.mjs';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));

describe('check-node', () => {
  it('reads the engine ranges npm packages use', () => {
    const cases: [string, string, boolean][] = [
      ['20.19.0', '>=20.19', true],
      ['20.18.3', '>=20.19', false],
      ['20.19.0', '^20.19.0 || ^22.13.0 || >=24', true],
      ['21.0.0', '^20.19.0 || ^22.13.0 || >=24', false],
      ['22.13.0', '^20.19.0 || ^22.13.0 || >=24', true],
      ['20.19.0', '>= 22', false],
      ['20.19.0', '>=22.0.0', false],
      ['20.19.0', '20 || >=22', true],
      ['20.19.0', '18 || 20 || >=22', true],
      ['20.19.0', '>= 0.4', true],
      ['20.19.0', '>=16 <21', true],
      ['21.1.0', '>=16 <21', false],
      ['20.19.0', '14 - 20', true],
      ['20.19.0', '^18.18.0 || >=20.0.0', true],
      ['20.19.0', '~20.18.0', false],
      ['20.19.0', '*', true],
      ['20.19.0', '6 || 8 || 10 || 12', false],
      ['20.19.0', '^0.4.1', false],
    ];
    for (const [version, range, expected] of cases) {
      assert.equal(satisfies(version, range), expected, `${version} in ${range}`);
    }
  });

  it('tells what to install when the Node is too old, and nothing when it is fine', () => {
    const message = nodeProblem('18.20.4', pkg.engines.node);
    assert.match(
      message ?? '',
      /needs Node\.js >=20\.19, but this is Node\.js 18\.20\.4\. Install Node\.js 20\.19 or newer/,
    );
    assert.equal(nodeProblem('20.19.0', pkg.engines.node), undefined);
    assert.equal(nodeProblem(process.versions.node, pkg.engines.node), undefined);
  });

  it('every locked package accepts the oldest Node package.json states (no EBADENGINE on npm ci)', () => {
    const minimum = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1];
    assert.ok(minimum, `engines.node "${pkg.engines.node}" should be a plain >= range`);
    assert.deepEqual(lockEngineConflicts(lock, minimum), []);
  });

  it('npm start stops on an older Node with the message, before installing anything', () => {
    // The child pretends to be Node 18 (process.versions is configurable) and runs what `npm start` runs first.
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `Object.defineProperty(process.versions, 'node', { value: '18.20.4' });` +
          `const { ensureDependencies } = await import(${JSON.stringify(join(root, 'scripts', 'ensure-deps.mjs'))}); ensureDependencies();`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(run.status, 1);
    assert.match(run.stderr, /needs Node\.js >=20\.19, but this is Node\.js 18\.20\.4/);
    assert.doesNotMatch(run.stdout, /Installing npm packages/);
  });
});
