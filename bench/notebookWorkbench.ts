// Opening a query notebook in the real workbench (issue 17's bench): a 50-cell .dvnb with stored
// 100-row outputs opened as a notebook vs the same text opened as a .json text document, timed in
// the extension host of code-server (test/harness, as the integration suites run) by
// bench/notebookOpenHost.ts, several paired rounds on fresh copies of the files. The extension is
// built first (its serializer is what the notebook side runs); no org, no emulator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { findBuild } from '../scripts/harness/builds';
import { ensureCodeServers } from '../scripts/harness/install';
import { runExtensionTests } from '../test/harness/extensionTests';
import { median, ms, ROOT, spread } from './util';

interface Times {
  candidate: number[];
  baseline: number[];
  error?: string;
}

/** `text` is the notebook's file; each round opens its own copy of it, as .dvnb and as .json. */
export async function notebookOpenInWorkbench(text: string, rounds: number): Promise<string[]> {
  const build = findBuild(process.env.E2E_VSCODE ?? '1.139');
  const warmups = 2;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'd365-bench-nbopen-'));
  try {
    execFileSync('node', ['scripts/build.mjs'], { cwd: ROOT, stdio: 'ignore' });
    for (let i = 0; i < warmups + rounds; i++) {
      fs.writeFileSync(path.join(dir, `open-${i}.dvnb`), text);
      fs.writeFileSync(path.join(dir, `open-${i}.json`), text);
    }
    const entry = path.join(dir, 'host', 'notebookOpenHost.js');
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'notebookOpenHost.ts')],
      outfile: entry,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['vscode'],
      logLevel: 'error',
    });
    await ensureCodeServers([build]);
    const out = path.join(dir, 'times.json');
    const result = await runExtensionTests({
      build,
      testsEntry: entry,
      env: {
        D365_BENCH_DIR: dir,
        D365_BENCH_OUT: out,
        D365_BENCH_ROUNDS: String(rounds),
        D365_BENCH_WARMUPS: String(warmups),
      },
    });
    if (!fs.existsSync(out)) throw new Error(`the extension host wrote no times (exit ${result.code})`);
    const times = JSON.parse(fs.readFileSync(out, 'utf8')) as Times;
    if (times.error) throw new Error(times.error);
    const ratios = times.candidate.map((c, i) => c / times.baseline[i]!);
    return [
      `notebook open in VS Code ${build.vscodeVersion} (openNotebookDocument + showNotebookDocument of the 50-cell .dvnb vs openTextDocument + showTextDocument of the same text as .json, ${(text.length / 1024).toFixed(0)} KB): ratio ${median(ratios).toFixed(2)} (candidate ${ms(median(times.candidate))} ms / baseline ${ms(median(times.baseline))} ms)`,
      `  ${spread(ratios)}`,
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
