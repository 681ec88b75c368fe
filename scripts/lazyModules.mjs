// Our own code loaded on first use (`lazyModules` in build.mjs): a module of src/ that the main bundle
// reaches only through import() or a require() inside a function, built with what only it uses into a chunk of its own.
// No module may exist twice at run time (two copies of a class break instanceof, two states break
// caches), so every module the main bundle already has stays out of the chunk: the main bundle hands
// those modules to the chunk when it loads it.
//   main bundle  import('./engine') becomes a facade:
//                require('./lazy/x.js')({ 'src/a.ts': <the main bundle's src/a.ts>, … })
//   chunk        its entry keeps that map, then runs the module; an import of src/a.ts inside the
//                chunk reads the map instead of bundling a second src/a.ts.
// Which modules are shared is learned from the builds: the main bundle's inputs, then the chunk's.
import { relative, sep } from 'node:path';

const SKIP = 'lazy-modules:skip';

/** esbuild's metafile name of a resolved module: a path relative to the working directory, or namespace:path. */
function inputKey(root, resolved) {
  return resolved.namespace === 'file'
    ? relative(root, resolved.path).split(sep).join('/')
    : `${resolved.namespace}:${resolved.path}`;
}

function resolveOnce(build, args) {
  const { path, kind, importer, namespace, resolveDir } = args;
  return build.resolve(path, { kind, importer, namespace, resolveDir, pluginData: { [SKIP]: true } });
}

/** Main bundle: import() or require() of a lazy entry loads its chunk, handing it the modules `shared(entry)` names. */
function mainPlugin(root, lazyModules, shared) {
  return {
    name: 'lazy-modules-main',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if ((args.kind !== 'dynamic-import' && args.kind !== 'require-call') || args.pluginData?.[SKIP])
          return undefined;
        const key = inputKey(root, await resolveOnce(build, args));
        return lazyModules.some((m) => m.entry === key) ? { path: key, namespace: 'lazy-module' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => {
        const { file } = lazyModules.find((m) => m.entry === args.path);
        const modules = [...shared(args.path)].map(
          (key) => `  ${JSON.stringify(key)}: require(${JSON.stringify(requirePath(key))}),`,
        );
        return {
          contents: `module.exports = require(${JSON.stringify(`./${file}`)})({\n${modules.join('\n')}\n});`,
          loader: 'js',
          resolveDir: root,
        };
      });
      // The chunk's require stays as it is: Node resolves it next to the main bundle.
      build.onResolve({ filter: /.*/, namespace: 'lazy-module' }, (args) =>
        lazyModules.some((m) => args.path === `./${m.file}`) ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/**
 * How the facade requires a shared module: a file by its path; a module of a plugin's namespace by
 * its path, which must be the bare specifier the plugin resolves to it (as build.mjs's lazy-package
 * and vscode plugins do). The main bundle's second build checks that no new module came in.
 */
function requirePath(key) {
  const colon = key.indexOf(':');
  return colon < 0 ? `./${key}` : key.slice(colon + 1);
}

/** A chunk's entry: a function of the shared modules that returns the lazy module's exports. */
function chunkEntry(entry) {
  return `const shared = require('lazy-shared-registry');\nmodule.exports = (modules) => {\n  Object.assign(shared, modules);\n  return require(${JSON.stringify(`./${entry}`)});\n};\n`;
}

/** Chunk: a module in `mainInputs` (the main bundle's metafile names) is read from the shared map. */
function chunkPlugin(root, mainInputs) {
  return {
    name: 'lazy-modules-chunk',
    setup(build) {
      build.onResolve({ filter: /^lazy-shared-registry$/ }, () => ({
        path: 'registry',
        namespace: 'lazy-shared-registry',
      }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared-registry' }, () => ({
        contents: 'module.exports = {};',
        loader: 'js',
      }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.[SKIP] || args.namespace.startsWith('lazy-shared')) return undefined;
        const resolved = await resolveOnce(build, args);
        if (resolved.errors.length || resolved.external) return undefined;
        const key = inputKey(root, resolved);
        return mainInputs.has(key) ? { path: key, namespace: 'lazy-shared' } : undefined;
      });
      // An ES module over the map entry: the chunk's importers then share one namespace object
      // instead of each making its own __toESM copy (of the whole `vscode` API, say).
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared' }, (args) => ({
        contents: `export * from ${JSON.stringify(`lazy-shared-value:${args.path}`)};`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^lazy-shared-value:/ }, (args) => ({
        path: args.path.slice('lazy-shared-value:'.length),
        namespace: 'lazy-shared-value',
      }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared-value' }, (args) => ({
        contents: `module.exports = require('lazy-shared-registry')[${JSON.stringify(args.path)}];`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/** Inputs that are glue generated here, not modules of their own. */
export function isGlue(input) {
  return /^lazy-(module|shared|shared-registry|shared-value):/.test(input);
}

const inputsOf = (result) => new Set(Object.keys(result.metafile.inputs).filter((k) => !isGlue(k)));
const sharedOf = (result) =>
  new Set(
    Object.keys(result.metafile.inputs)
      .filter((k) => k.startsWith('lazy-shared:'))
      .map((k) => k.slice('lazy-shared:'.length)),
  );
const sameSet = (a, b) => a.size === b.size && [...a].every((k) => b.has(k));
const replaceSet = (target, next) => {
  target.clear();
  for (const k of next) target.add(k);
};

/**
 * The main bundle and the chunks of `lazyModules` ({ entry: 'src/….ts', file: 'lazy/….js' }, file
 * relative to the main bundle's folder). `main`: the main bundle's esbuild options (metafile on);
 * `chunk(m)`: a chunk's options (outfile, plugins). Returns build() → [[outfile, result], …] and watch().
 */
export function ownCode(esbuild, lazyModules, main, chunk) {
  const root = main.absWorkingDir ?? process.cwd();
  const graph = { main: new Set(), shared: new Map() };
  const mainOptions = {
    ...main,
    plugins: [mainPlugin(root, lazyModules, (e) => graph.shared.get(e) ?? new Set()), ...(main.plugins ?? [])],
  };
  const chunkOptions = lazyModules.map((m) => {
    const options = chunk(m);
    return {
      ...options,
      stdin: { contents: chunkEntry(m.entry), resolveDir: root, sourcefile: `${m.file} (lazy chunk)` },
      plugins: [chunkPlugin(root, graph.main), ...(options.plugins ?? [])],
    };
  });
  const learnMain = (result) => {
    replaceSet(graph.main, inputsOf(result));
    const eager = lazyModules.filter((m) => graph.main.has(m.entry));
    if (eager.length)
      throw new Error(
        `build: ${eager.map((m) => m.entry).join(', ')} is imported statically by the main bundle; reach it with import() or a require() inside a function only (a type import is fine)`,
      );
  };

  /**
   * The main bundle twice: first to learn its modules, which the chunks are built against, then with
   * the facades that hand each chunk what it shares with it. The second build must add no module.
   */
  async function build() {
    learnMain(await esbuild.build({ ...mainOptions, write: false, logLevel: 'silent' }));
    const chunks = await Promise.all(chunkOptions.map((o) => esbuild.build(o)));
    lazyModules.forEach((m, i) => graph.shared.set(m.entry, sharedOf(chunks[i])));
    const result = await esbuild.build(mainOptions);
    const added = [...inputsOf(result)].filter((k) => !graph.main.has(k));
    if (added.length)
      throw new Error(`build: handing modules to the lazy chunks added ${added.join(', ')} to the main bundle`);
    return [[mainOptions.outfile, result], ...chunks.map((r, i) => [chunkOptions[i].outfile, r])];
  }

  /** A change to the main bundle's modules rebuilds the chunks; a change to what they share rebuilds the main bundle. */
  async function watch() {
    const onEnd = (f) => ({
      name: 'lazy-modules-watch',
      setup: (b) =>
        b.onEnd((r) => {
          if (r.metafile) f(r);
        }),
    });
    const report = (err) => console.error(err);
    let chunkContexts = [];
    const mainContext = await esbuild.context({
      ...mainOptions,
      plugins: [
        ...mainOptions.plugins,
        onEnd((r) => {
          const before = new Set(graph.main);
          try {
            learnMain(r);
          } catch (err) {
            report(err);
            return;
          }
          if (!sameSet(before, graph.main)) for (const c of chunkContexts) c.rebuild().catch(report);
        }),
      ],
    });
    chunkContexts = await Promise.all(
      chunkOptions.map((o, i) =>
        esbuild.context({
          ...o,
          plugins: [
            ...o.plugins,
            onEnd((r) => {
              const next = sharedOf(r);
              if (sameSet(next, graph.shared.get(lazyModules[i].entry) ?? new Set())) return;
              graph.shared.set(lazyModules[i].entry, next);
              mainContext.rebuild().catch(report);
            }),
          ],
        }),
      ),
    );
    await mainContext.watch();
    await Promise.all(chunkContexts.map((c) => c.watch()));
  }

  return { build, watch };
}
