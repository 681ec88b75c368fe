// Runs in a fresh process per sample (a cold load is what VS Code pays). Loads the bundle with a stub
// `vscode`, calls activate(), prints one JSON line. `time` mode measures without instrumentation;
// `probe` mode counts network attempts and the bundle's lazily initialised modules (to see whether
// MSAL was evaluated) and does not report timings.
//
// The bundle is compiled with Module#_compile rather than require(): this process runs under tsx,
// whose require hook would otherwise transform the 2.4 MB bundle and inflate the time. Source maps
// are turned off for the same reason (tsx enables them; the extension host does not, and with them
// on, Node would read the 7 MB .map on load).
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, relative, sep } from 'node:path';
import { installProbes } from './probes';
import { createContext, createVscodeStub } from './vscodeStub';

process.setSourceMapsEnabled(false);

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, unknown>;
}
interface ModuleInstance {
  filename: string;
  paths: string[];
  loaded: boolean;
  exports: unknown;
  _compile(source: string, file: string): void;
}

const internals = Module as unknown as ModuleInternals;
const ModuleCtor = Module as unknown as new (id: string, parent?: unknown) => ModuleInstance;

function loadModule(file: string): unknown {
  const m = new ModuleCtor(file, module);
  m.filename = file;
  m.paths = internals._nodeModulePaths(dirname(file));
  m._compile(readFileSync(file, 'utf8'), file);
  m.loaded = true;
  return m.exports;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function main(): Promise<void> {
  const [mode, bundlePath, emptyPath, packageJsonPath] = process.argv.slice(2) as [string, string, string, string];
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { publisher: string; name: string; version: string };
  // One configured connection, so activation's "announce connections" session lookup runs too.
  const { api, record } = createVscodeStub(
    {
      dynamics365: { connections: [{ orgUrl: 'https://bench-org.crm.dynamics.com' }] },
      http: { proxy: '', proxyStrictSSL: true },
    },
    '1.100.0',
  );
  const stub = new ModuleCtor('vscode');
  stub.exports = api;
  stub.loaded = true;
  internals._cache['vscode'] = stub;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  const probes = mode === 'probe' ? installProbes() : undefined;
  // Chunks loaded on first use sit next to the bundle (vendor/…); the bundle itself is not cached.
  const outdir = dirname(bundlePath);

  let t = now();
  loadModule(emptyPath);
  const baselineMs = now() - t;
  t = now();
  const ext = loadModule(bundlePath) as { activate(ctx: unknown): unknown; deactivate?(): void };
  const loadMs = now() - t;
  const initsDuringLoad = probes?.modules.length ?? 0;

  let activateMs: number | undefined;
  let activateError: string | undefined;
  try {
    t = now();
    await ext.activate(createContext(pkg, record));
    activateMs = now() - t;
    // Let what activation started (session lookups, promises) run before counting network I/O.
    await Promise.allSettled(record.sessionLookups);
    await new Promise((r) => setTimeout(r, mode === 'probe' ? 300 : 0));
  } catch (err) {
    activateError =
      err instanceof Error ? `${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}` : String(err);
  }
  try {
    ext.deactivate?.();
  } catch {
    /* deactivation is not measured */
  }

  const out = {
    baselineMs,
    loadMs,
    activateMs,
    activateError,
    missing: [...record.missing],
    commands: record.commands.length,
    prompts: record.prompts,
    sessionLookups: record.sessionLookups.length,
    ...(probes
      ? {
          network: probes.network,
          lazyModulesDuringLoad: initsDuringLoad,
          lazyModulesDuringActivate: probes.modules.length - initsDuringLoad,
          msalModules: probes.modules.filter((m) => m.includes('@azure/msal')),
          chunksLoaded: Object.keys(internals._cache)
            .filter((f) => f.startsWith(outdir + sep))
            .map((f) => relative(outdir, f)),
        }
      : {}),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  // Handles the stubbed extension may leave (timers) must not keep the sample alive.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ fatal: err instanceof Error ? err.stack : String(err) }) + '\n');
  process.exit(1);
});
