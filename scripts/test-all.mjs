// `npm test`: every suite, one after the other, then one closing line for the whole run:
// "N passed, N failed". Exit code is non-zero when any suite fails or counts no test.
// Suites print their own reports; this script only adds them up. A failing suite's full output is
// kept in test-results/logs/<suite>.log (git-ignored; the folder for CI to keep), named again at the very end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const logsDir = path.join('test-results', 'logs');
/** Paths of the logs kept in this run. */
const keptLogs = [];

/** The whole output of a failed suite, for whoever reads a CI failure later; returns its path. */
function keepLog(name, output) {
  fs.mkdirSync(logsDir, { recursive: true });
  const file = path.join(logsDir, `${name}.log`);
  fs.writeFileSync(file, output);
  return file;
}

/** Each suite: a name, a command, and how to read its counts. */
const suites = [
  // --exit: a test that leaks a socket or timer must fail its own suite, not hang the whole run.
  { name: 'unit', cmd: 'npx', args: ['mocha', '--reporter', 'spec', '--exit'] },
  {
    name: 'integration-1.100',
    needsVsCode: true,
    cmd: 'npx',
    args: ['tsx', 'test/harness/run-integration.ts', '1.100'],
  },
  {
    name: 'integration-1.139',
    needsVsCode: true,
    cmd: 'npx',
    args: ['tsx', 'test/harness/run-integration.ts', '1.139'],
  },
  { name: 'e2e', needsVsCode: true, cmd: 'npx', args: ['mocha', '--config', 'test/e2e/mocharc.json', '--exit'] },
];

const only = process.argv.slice(2);
const selected = suites.filter((s) => !only.length || only.includes(s.name));

// Suites in a real VS Code need the built extension and the code-server builds. Building and
// installing both builds up front, side by side, is faster than each suite installing its own.
async function prepare() {
  if (!selected.some((s) => s.needsVsCode)) return true;
  console.log('\n=== prepare: build the extension, install code-server ===');
  const steps = await Promise.all([
    run({ cmd: 'npm', args: ['run', 'build'] }),
    run({ cmd: 'npx', args: ['tsx', 'scripts/harness/install.ts'] }),
  ]);
  if (steps.every((r) => r.code === 0)) return true;
  keptLogs.push(keepLog('prepare', steps.map((r) => r.output).join('\n')));
  return false;
}

function countsOf(output) {
  // Our harness scripts close with "N passed, N failed"; mocha says "N passing" / "N failing".
  const plain = [...output.matchAll(/^\s*(?:\w+:\s*)?(\d+) passed, (\d+) failed/gm)].pop();
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const passing = [...output.matchAll(/^\s*(\d+) passing/gm)].pop();
  const failing = [...output.matchAll(/^\s*(\d+) failing/gm)].pop();
  return { passed: passing ? Number(passing[1]) : 0, failed: failing ? Number(failing[1]) : 0 };
}

// Mocha ends a run with "N failing" and then each failure. A CI log is often read from its tail,
// so the failures of every suite are printed again at the very end (capped per suite).
function failuresOf(output) {
  const lines = output.split('\n');
  const start = lines.findLastIndex((l) => /^\s*\d+ failing/.test(l));
  if (start < 0) return '';
  const tail = lines.slice(start).join('\n').trimEnd().split('\n');
  return (
    tail.length > 150
      ? [...tail.slice(0, 150), `  … ${tail.length - 150} more lines above in this suite's output`]
      : tail
  ).join('\n');
}

function run(suite) {
  return new Promise((resolve) => {
    const child = spawn(suite.cmd, suite.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) =>
      resolve({ code: code ?? 1, output, ...countsOf(output), failures: failuresOf(output) }),
    );
  });
}

let passed = 0;
let failed = 0;
const broken = [];
const failureReports = [];
if (!(await prepare())) {
  console.log('\nPreparation failed: the suites that need VS Code are not run.');
  for (const suite of selected.filter((s) => s.needsVsCode)) broken.push(`${suite.name} (not run)`);
  failed += broken.length;
}
for (const suite of selected) {
  if (broken.some((b) => b.startsWith(`${suite.name} `))) continue;
  console.log(`\n=== ${suite.name} ===`);
  // A log left by an earlier run must not be mistaken for this one's.
  fs.rmSync(path.join(logsDir, `${suite.name}.log`), { force: true });
  const r = await run(suite);
  passed += r.passed;
  failed += r.failed;
  if (r.failures) failureReports.push(`--- ${suite.name} ---\n${r.failures}`);
  if (r.code !== 0 || r.passed === 0) {
    keptLogs.push(keepLog(suite.name, r.output));
    broken.push(`${suite.name} (exit ${r.code}, ${r.passed} passed, ${r.failed} failed)`);
    // A suite that crashed before counting still counts as one failure.
    if (r.failed === 0) failed += 1;
  }
}
if (failureReports.length) console.log(`\n=== failures, again ===\n${failureReports.join('\n')}`);
if (broken.length) console.log(`\nFailed suites: ${broken.join('; ')}`);
if (keptLogs.length) console.log(`Full output of each failed suite: ${keptLogs.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
