// esbuild: dist/extension.js (CommonJS, `vscode` external) and the results view's page
// dist/webview/results.js (browser).
// The Application Insights connection string comes from the environment at bundle time;
// without it the telemetry reporter is a no-op.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'linked',
  logLevel: 'info',
  metafile: true,
  define: {
    'process.env.D365_TELEMETRY_CONNECTION_STRING': JSON.stringify(process.env.D365_TELEMETRY_CONNECTION_STRING ?? ''),
  },
};

// The results view's page: a browser bundle (the grid library included), loaded by the webview only.
const webviewOptions = {
  entryPoints: ['src/scratchpad/webview/results.ts'],
  bundle: true,
  outfile: 'dist/webview/results.js',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: production ? false : 'linked',
  legalComments: 'linked',
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  const webview = await esbuild.context(webviewOptions);
  await Promise.all([ctx.watch(), webview.watch()]);
} else {
  const [result] = await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
  if (process.argv.includes('--analyze')) console.log(await esbuild.analyzeMetafile(result.metafile));
}
