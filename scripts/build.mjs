// esbuild: dist/extension.js (CommonJS, `vscode` external) plus one file per heavy package under
// dist/vendor/, loaded the first time the extension uses that package. Activation then compiles and
// runs only our own code (the extension activates at start-up, so every window pays for it).
// The results view's page is a browser bundle of its own: dist/webview/results.js, and so is the
// notebook renderer: dist/renderer/rows.js.
// The Application Insights connection string comes from the environment at bundle time;
// without it the telemetry reporter is a no-op.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import * as lazy from './lazyModules.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// The activation benchmark builds into a temporary folder of its own, leaving dist/ to the tests.
const outdirIndex = process.argv.indexOf('--outdir');
const outdir = outdirIndex >= 0 ? process.argv[outdirIndex + 1] : 'dist';
if (!outdir || outdir.startsWith('--')) throw new Error('build: --outdir needs a folder');
const withWebview = !process.argv.includes('--no-webview');

/**
 * Packages kept out of dist/extension.js. `static`: some module imports it at its top, so the main
 * bundle gets a facade whose exports load the chunk when first read (an ES module package is needed
 * for that: its export names are known at build time). The others are only reached through import()
 * or require() inside a function, which esbuild already defers, so their facade just requires the chunk.
 * Packages that share dependencies share a chunk (same `file`), so no module is in two chunks.
 */
const lazyPackages = [
  { name: 'node-fetch', file: 'vendor/node-fetch.js', static: true },
  // FetchXML and the query parser use it only once a query or a FetchXML block is read.
  { name: 'fast-xml-parser', file: 'vendor/fast-xml-parser.js', static: true },
  { name: '@azure/msal-node', file: 'vendor/msal-node.js' },
  { name: '@vscode/extension-telemetry', file: 'vendor/extension-telemetry.js' },
  // Only with http.proxy set (src/core/http/agents.ts); both use agent-base and debug.
  { name: 'http-proxy-agent', file: 'vendor/proxy-agents.js' },
  { name: 'https-proxy-agent', file: 'vendor/proxy-agents.js' },
];

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'linked',
  logLevel: 'info',
  metafile: true,
};

/**
 * Our own code kept out of dist/extension.js, loaded on first use (scripts/lazyModules.mjs): the
 * main bundle may reach `entry` only through import() or a require() inside a function; the chunk
 * gets the modules the main bundle already has from it, so no module exists twice.
 */
const lazyModules = [
  // The query engine (parser, completion, diagnostics, hover), the runner and the results view:
  // needed once a scratchpad is open or a query runs.
  { entry: 'src/scratchpad/engine.ts', file: 'lazy/scratchpad.js' },
  // The metadata engine (requests, mapping, disk cache): needed once an organization's tables are read.
  { entry: 'src/connections/metadataEngine.ts', file: 'lazy/metadata.js' },
  // The agent tools' MCP server and its SDK: needed only when the MCP server setting is on. (The
  // tools themselves run queries with the scratchpad's code and live in its chunk.)
  { entry: 'src/core/agents/mcpServer.ts', file: 'lazy/mcp.js' },
];

const mainOptions = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: `${outdir}/extension.js`,
  define: {
    'process.env.D365_TELEMETRY_CONNECTION_STRING': JSON.stringify(process.env.D365_TELEMETRY_CONNECTION_STRING ?? ''),
  },
  plugins: [vscodeOncePlugin(), lazyPackagesPlugin('./')],
};

const ownCode = lazy.ownCode(esbuild, lazyModules, mainOptions, (m) => ({
  ...common,
  outfile: `${outdir}/${m.file}`,
  plugins: [vscodeOncePlugin(), lazyPackagesPlugin('../'.repeat(m.file.split('/').length - 1) || './')],
}));

// Each chunk exports its packages by name: { 'http-proxy-agent': …, 'https-proxy-agent': … }.
const chunkOptions = [...new Set(lazyPackages.map((p) => p.file))].map((file) => {
  const names = lazyPackages.filter((p) => p.file === file).map((p) => JSON.stringify(p.name));
  return {
    ...common,
    stdin: {
      contents: `module.exports = { ${names.map((n) => `${n}: require(${n})`).join(', ')} };`,
      resolveDir: process.cwd(),
      sourcefile: `${file} (lazy chunk)`,
    },
    outfile: `${outdir}/${file}`,
  };
});

/** The export names of each static package, read from an ES-module analysis build (nothing is run). */
async function staticExports() {
  const out = new Map();
  for (const pkg of lazyPackages.filter((p) => p.static)) {
    const result = await esbuild.build({
      entryPoints: [pkg.name],
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      metafile: true,
      outdir: 'dist',
      logLevel: 'silent',
    });
    const names = Object.values(result.metafile.outputs).flatMap((o) => o.exports);
    if (!names.length)
      throw new Error(
        `build: ${pkg.name} has no ES module exports; it cannot be loaded lazily from a top-level import`,
      );
    out.set(pkg.name, names);
  }
  return out;
}
const exportNames = await staticExports();

/** A package's stand-in, in an output `prefix` away from dist/ ('./' or '../'). */
function facade(pkg, prefix) {
  const load = `require(${JSON.stringify(`${prefix}${pkg.file}`)})[${JSON.stringify(pkg.name)}]`;
  if (!pkg.static) return `module.exports = ${load};`;
  return [
    `let chunk;`,
    `const load = () => (chunk ??= ${load});`,
    `Object.defineProperty(exports, '__esModule', { value: true });`,
    `for (const name of ${JSON.stringify(exportNames.get(pkg.name))}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
  ].join('\n');
}

function lazyPackagesPlugin(prefix) {
  const filter = new RegExp(`^(${lazyPackages.map((p) => p.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-packages',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
        contents: facade(
          lazyPackages.find((p) => p.name === args.path),
          prefix,
        ),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
      // The chunk's require stays as it is: Node resolves it next to the output.
      build.onResolve({ filter: /^(\.\.?\/)+vendor\// }, (args) =>
        args.namespace === 'lazy-package' ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/**
 * `vscode` as one module of our bundle that re-exports the API. Otherwise esbuild gives every module
 * that imports it a __toESM copy of the whole API object (~200 getters, in 40+ modules), built at
 * every start-up before activate() runs.
 */
function vscodeOncePlugin() {
  return {
    name: 'vscode-once',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) =>
        args.namespace === 'vscode-api'
          ? { path: 'vscode', external: true }
          : { path: 'vscode', namespace: 'vscode-api' },
      );
      build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
        contents: "export * from 'vscode';",
        loader: 'js',
      }));
    },
  };
}

/** Stateless helpers that may be copied into more than one output. */
const mayBeDuplicated = /(^|\/)node_modules\/ms\//;

/**
 * A module in two outputs would exist twice at run time (two copies of a class, two states), so the
 * outputs share nothing but the helpers above.
 */
function checkDisjoint(results) {
  const owner = new Map();
  for (const [label, result] of results) {
    for (const input of Object.keys(result.metafile.inputs)) {
      if (input.startsWith('lazy-package:') || lazy.isGlue(input) || input === '<stdin>' || mayBeDuplicated.test(input))
        continue;
      if (owner.has(input)) throw new Error(`build: ${input} is bundled into both ${owner.get(input)} and ${label}`);
      owner.set(input, label);
    }
  }
}

// The results view's page: a browser bundle (the grid library included), loaded by the webview only.
const webviewOptions = {
  entryPoints: ['src/results/webview/results.ts'],
  bundle: true,
  outfile: `${outdir}/webview/results.js`,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: production ? false : 'linked',
  legalComments: 'linked',
  logLevel: 'info',
};

// The query notebook's output renderer: an ES module the notebook's output webview imports (the
// grid library included), declared as contributes.notebookRenderer.
const rendererOptions = {
  ...webviewOptions,
  entryPoints: ['src/notebook/renderer/rows.ts'],
  outfile: `${outdir}/renderer/rows.js`,
  format: 'esm',
};

if (watch) {
  // Vendor chunks only change with node_modules: built once; our own code is watched.
  for (const options of chunkOptions) await esbuild.build(options);
  const webview = await esbuild.context(webviewOptions);
  const renderer = await esbuild.context(rendererOptions);
  await Promise.all([ownCode.watch(), webview.watch(), renderer.watch()]);
} else {
  rmSync(outdir, { recursive: true, force: true });
  const [ours, vendor] = await Promise.all([
    ownCode.build(),
    Promise.all(chunkOptions.map((o) => esbuild.build(o))),
    withWebview ? esbuild.build(webviewOptions) : undefined,
    withWebview ? esbuild.build(rendererOptions) : undefined,
  ]);
  const outputs = [...ours, ...vendor.map((r, i) => [chunkOptions[i].outfile, r])];
  checkDisjoint(outputs);
  if (process.argv.includes('--analyze')) {
    for (const [, r] of outputs) console.log(await esbuild.analyzeMetafile(r.metafile));
  }
}
