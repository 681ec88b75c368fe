// Our own code loaded on first use (see `lazyModules` in build.mjs): a module of src/ that the main
// bundle reaches only through import(), built with what only it uses into a chunk of its own.
// No module may exist twice at run time (two copies of a class break instanceof, two states break
// caches), so every module the main bundle already has stays out of the chunk: the main bundle hands
// those modules to the chunk when it loads it. The pieces:
//   main bundle   import('./engine') → a facade: require('./lazy/x.js')({ 'src/a.ts': require('src/a.ts'), … })
//   chunk         its entry stores that map, then runs the module; an import of src/a.ts inside the
//                 chunk reads the map instead of bundling a second src/a.ts.
// Which modules are shared is learned from the builds: the main bundle's inputs, then the chunk's.
import { relative, sep } from 'node:path';

const SKIP = 'lazy-modules:skip';

/** esbuild's metafile name of a resolved module: a path relative to the working directory, or namespace:path. */
function inputKey(resolved) {
  return resolved.namespace === 'file' ? relative(process.cwd(), resolved.path).split(sep).join('/') : `${resolved.namespace}:${resolved.path}`;
}

async function resolveOnce(build, args) {
  const { path, kind, importer, namespace, resolveDir } = args;
  return build.resolve(path, { kind, importer, namespace, resolveDir, pluginData: { [SKIP]: true } });
}

/**
 * For the main bundle: import() of a lazy module's entry loads its chunk instead. `shared(entry)`
 * gives the modules the chunk receives, as metafile names (see chunkPlugin). Each lazy module is
 * `{ entry: 'src/…ts', file: 'lazy/….js' }`, `file` relative to the main bundle.
 */
export function mainPlugin(lazyModules, shared) {
  return {
    name: 'lazy-modules-main',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.[SKIP]) return undefined;
        const key = inputKey(await resolveOnce(build, args));
        return lazyModules.some((m) => m.entry === key) ? { path: key, namespace: 'lazy-module' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => {
        const lazy = lazyModules.find((m) => m.entry === args.path);
        const modules = [...shared(args.path)].map((key) => `  ${JSON.stringify(key)}: require(${JSON.stringify(requirePath(key))}),`);
        return {
          contents: `module.exports = require(${JSON.stringify(`./${lazy.file}`)})({\n${modules.join('\n')}\n});`,
          loader: 'js',
          resolveDir: process.cwd(),
        };
      });
      // The chunk's require stays as it is: Node resolves it next to the main bundle.
      build.onResolve({ filter: /^\.\/lazy\// }, (args) => (args.namespace === 'lazy-module' ? { path: args.path, external: true } : undefined));
    },
  };
}

function requirePath(key) {
  if (key.startsWith('lazy-package:')) return key.slice('lazy-package:'.length);
  if (key.includes(':')) throw new Error(`build: a lazy chunk cannot receive ${key} from the main bundle`);
  return `./${key}`;
}

/** The stdin of a lazy module's chunk: a function of the shared modules that returns the entry's exports. */
export function chunkEntry(entry) {
  return [
    `const shared = require('lazy-shared-registry');`,
    `module.exports = (modules) => {`,
    `  Object.assign(shared, modules);`,
    `  return require(${JSON.stringify(`./${entry}`)});`,
    `};`,
  ].join('\n');
}

/** For a chunk: any module in `mainInputs` (the main bundle's metafile names) is read from the shared map. */
export function chunkPlugin(mainInputs) {
  return {
    name: 'lazy-modules-chunk',
    setup(build) {
      build.onResolve({ filter: /^lazy-shared-registry$/ }, () => ({ path: 'registry', namespace: 'lazy-shared-registry' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared-registry' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.[SKIP] || args.namespace.startsWith('lazy-shared')) return undefined;
        const resolved = await resolveOnce(build, args);
        if (resolved.errors.length || resolved.external) return undefined;
        const key = inputKey(resolved);
        return mainInputs.has(key) ? { path: key, namespace: 'lazy-shared' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared' }, (args) => ({
        contents: `module.exports = require('lazy-shared-registry')[${JSON.stringify(args.path)}];`,
        loader: 'js',
        resolveDir: process.cwd(),
      }));
    },
  };
}

/** The main bundle's modules a chunk build received instead of bundling, as metafile names. */
export function sharedInputs(chunkResult) {
  return new Set(Object.keys(chunkResult.metafile.inputs).filter((k) => k.startsWith('lazy-shared:')).map((k) => k.slice('lazy-shared:'.length)));
}

/** Inputs that are glue generated by these plugins, not modules of their own. */
export function isGlue(input) {
  return /^lazy-(module|shared|shared-registry):/.test(input);
}
