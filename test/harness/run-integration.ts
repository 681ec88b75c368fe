// `npm run test:integration [-- 1.100 1.139]`: the suites in test/integration/ inside the extension
// host of each VS Code build (all by default, or VSCODE_BUILDS=1.100). Expects `npm run build` to
// have produced dist/extension.js. Ends with one "N passed, N failed" line for all builds.
//
// Options: the sandbox emulator runs and the extension's user settings point at it (--no-emulator: not);
// INTEGRATION_GREP filters tests by title.
import { selectBuilds } from '../../scripts/harness/builds';
import { bundleIntegrationTests, extensionIsBuilt, integrationEntry } from './bundle';
import { startEmulator, type RunningEmulator } from '../../scripts/harness/emulator';
import { runExtensionTests } from './extensionTests';
import { ensureCodeServers } from '../../scripts/harness/install';

async function main(argv: string[]): Promise<number> {
  // The suites sign in for real, so the sandbox emulator runs unless asked not to.
  const withEmulator = !argv.includes('--no-emulator');
  const selected = selectBuilds(argv.filter((a) => !a.startsWith('--')));
  if (!extensionIsBuilt()) throw new Error('dist/extension.js is missing: run `npm run build` first');
  await Promise.all([ensureCodeServers(selected), bundleIntegrationTests()]);

  let passed = 0;
  let failed = 0;
  let ok = true;
  for (const build of selected) {
    // Each build gets an organization of its own: the suites create records and expect a fresh org
    // (with one emulator for both, the second build found the first one's "Batch A").
    // 10k generated rows per table (made on demand): the scratchpad suite pages through 10k contacts.
    const emulator: RunningEmulator | undefined = withEmulator
      ? await startEmulator([
          '--device-code-interval-seconds',
          '1',
          '--accounts',
          '120',
          '--records',
          '10000',
          // Two environments for the metadata tools' comparison.
          '--second-org',
        ])
      : undefined;
    try {
      console.log(`\n--- integration on VS Code ${build.vscodeVersion} (code-server ${build.codeServerVersion}) ---`);
      const started = Date.now();
      const r = await runExtensionTests({
        build,
        testsEntry: integrationEntry,
        userSettings: emulator?.userSettings,
        env: {
          ...emulator?.env,
          ...(process.env.INTEGRATION_GREP ? { INTEGRATION_GREP: process.env.INTEGRATION_GREP } : {}),
        },
      });
      console.log(
        `[harness] VS Code ${build.vscodeVersion}: exit ${r.code}, ${r.passed} passed, ${r.failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      passed += r.passed;
      // A run that never reported counts as one failure.
      failed += r.failed || (r.code === 0 ? 0 : 1);
      ok &&= r.code === 0;
    } finally {
      await emulator?.stop();
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return ok && failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
