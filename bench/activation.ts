// activation: cold load of the shipped (production, minified) extension.js plus activate() with a
// stub `vscode`, each sample in a fresh process, vs loading an empty module the same way in the same
// process (the baseline). Both builds go to a temporary folder, so dist/ (the tests') is left alone.
// One extra instrumented run, on the same sources built without minifying (the tracer reads
// esbuild's module names), checks the invariants: no network attempt during activation, and MSAL
// (built into its own file, vendor/msal-node.js, loaded on first use) not evaluated.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, ratioLine, ROOT, spread, type BenchResult } from './util';

interface Sample {
  baselineMs: number;
  loadMs: number;
  activateMs?: number;
  activateError?: string;
  missing: string[];
  commands: number;
  prompts: string[];
  sessionLookups: number;
  network?: Record<string, number>;
  lazyModulesDuringLoad?: number;
  lazyModulesDuringActivate?: number;
  msalModules?: string[];
  /** Chunks (files next to extension.js) required during load and activate(). */
  chunksLoaded?: string[];
  fatal?: string;
}

/** scripts/build.mjs into `outdir`: `production` is what `npm run package` ships. */
function build(outdir: string, production: boolean): void {
  const args = ['scripts/build.mjs', '--outdir', outdir, '--no-webview', ...(production ? ['--production'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(
      `build ${args.slice(1).join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-1000)}`,
    );
  }
}

function sample(mode: 'time' | 'probe', bundle: string, emptyPath: string): Sample {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/activationChild.ts', mode, bundle, emptyPath, join(ROOT, 'package.json')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as Sample;
  } catch {
    throw new Error(`activation sample printed no JSON (exit ${r.status}): ${r.stderr.slice(-1000)}`);
  }
}

/**
 * Static half of the MSAL check: in a non-minified bundle every module is preceded by a
 * "// <path>/node_modules/..." comment. MSAL belongs in its chunk, so extension.js has none.
 */
function msalModulesIn(source: string): number {
  return new Set(source.match(/^\/\/ (\.\.\/)*([\w.-]+\/)*?node_modules\/@azure\/msal-[^\s]+/gm) ?? []).size;
}

/** Every .js file the build wrote besides extension.js: the chunks loaded on first use. */
function lazyChunks(outdir: string): { count: number; mb: number } {
  const files = readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.js') && f !== 'extension.js',
  );
  return { count: files.length, mb: files.reduce((n, f) => n + statSync(join(outdir, f)).size, 0) / 1024 / 1024 };
}

export function benchActivation(opts: { samples: number }): BenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'd365-bench-activation-'));
  try {
    const emptyPath = join(dir, 'empty.js');
    writeFileSync(emptyPath, '');
    const shipped = join(dir, 'production');
    const readable = join(dir, 'probe');
    build(shipped, true);
    build(readable, false);
    const bundle = join(shipped, 'extension.js');
    const lines: string[] = [];
    const probe = sample('probe', join(readable, 'extension.js'), emptyPath);
    if (probe.fatal) throw new Error(`activation probe failed: ${probe.fatal}`);
    const timed: Sample[] = [];
    for (let i = 0; i < opts.samples; i++) timed.push(sample('time', bundle, emptyPath));

    // Baseline and candidate are loaded in the same process, so each sample gives a paired ratio.
    const activated = !probe.activateError && timed.every((s) => s.activateMs !== undefined);
    const total = (s: Sample): number => s.loadMs + (activated ? s.activateMs! : 0);
    const ratios = timed.map((s) => total(s) / s.baselineMs);
    const ratio = median(ratios);
    const base = median(timed.map((s) => s.baselineMs));
    const load = median(timed.map((s) => s.loadMs));
    const chunks = lazyChunks(shipped);
    const size = `${(statSync(bundle).size / 1024 / 1024).toFixed(2)} MB production (minified) bundle (+${chunks.mb.toFixed(1)} MB in ${chunks.count} chunks loaded on first use)`;
    const of = `median of ${opts.samples} cold processes (${spread(ratios)})`;
    if (activated) {
      const act = median(timed.map((s) => s.activateMs!));
      lines.push(
        `${ratioLine('activation', median(timed.map(total)), base, ratio)} — load ${load.toFixed(0)} ms + activate() ${act.toFixed(1)} ms vs an empty module, ${size}, ${of}`,
      );
    } else {
      lines.push(
        `${ratioLine('activation (bundle load only)', load, base, ratio)} — activate() did not run with the stub: ${probe.activateError ?? 'see samples'}; ${size}, ${of}`,
      );
    }
    if (probe.missing.length) {
      lines.push(`activation WARNING: stub missing ${probe.missing.join(', ')} (add them to bench/vscodeStub.ts)`);
    }
    lines.push(
      `activation: ${probe.commands} commands registered, ${probe.sessionLookups} session lookups, ${probe.prompts.length} prompts shown`,
    );

    const attempts = Object.entries(probe.network ?? {});
    const attemptsTotal = attempts.reduce((n, [, c]) => n + c, 0);
    lines.push(
      `activation network requests: ${attemptsTotal}${attemptsTotal ? ` (${attempts.map(([k, c]) => `${k} ${c}`).join(', ')})` : ''} (target: 0)`,
    );

    const msalInBundle = msalModulesIn(readFileSync(join(readable, 'extension.js'), 'utf8'));
    const msalRan = probe.msalModules ?? [];
    const loaded = probe.chunksLoaded ?? [];
    const tracerWorks = (probe.lazyModulesDuringLoad ?? 0) + (probe.lazyModulesDuringActivate ?? 0) > 0;
    const msalEvaluated = msalRan.length > 0 || msalInBundle > 0 || loaded.some((f) => f.includes('msal'));
    lines.push(
      `activation MSAL evaluated: ${msalEvaluated ? 'YES' : 'no'} — ${msalInBundle} MSAL modules in extension.js; ` +
        `chunks loaded at load/activate: ${loaded.length ? loaded.join(', ') : 'none'}; ${msalRan.length} MSAL modules initialised; ` +
        `${probe.lazyModulesDuringLoad ?? 0} lazy modules initialised at load, ${probe.lazyModulesDuringActivate ?? 0} during activate()` +
        (tracerWorks ? '' : ' (tracer saw no lazy module at all: result unknown)'),
    );

    const failures = [
      // Without activate() the network and MSAL checks below see only the bundle's load: unverified.
      ...(activated
        ? []
        : [`activate() did not run with the bench's vscode stub (${probe.activateError ?? 'see samples'})`]),
      ...(attemptsTotal > 0 ? [`activation made ${attemptsTotal} network attempts`] : []),
      ...(msalEvaluated ? ['activation evaluated MSAL'] : []),
    ];
    return { name: 'activation', ratio, lines, ...(failures.length ? { failed: failures.join('; ') } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
