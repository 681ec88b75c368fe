// One esbuild bundle: dist/extension.js (CommonJS, `vscode` external).
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

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  if (process.argv.includes('--analyze')) console.log(await esbuild.analyzeMetafile(result.metafile));
}
