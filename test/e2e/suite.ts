// The life cycle every e2e suite shares: optionally a sandbox emulator, one workbench for the suite,
// a screenshot after each step (kept for failures, or all with E2E_SCREENSHOTS=1), and everything
// stopped afterwards — failed runs keep the server's folder for a look.
import { startEmulator, type RunningEmulator } from '../../scripts/harness/emulator';
import { Workbench } from './workbench';

export interface SuiteOptions {
  /** Start the sandbox emulator with these extra CLI arguments. */
  emulatorArgs?: string[];
  /** User settings on top of the sandbox's (or alone, without an emulator). */
  settings?: (emulator: RunningEmulator | undefined) => Record<string, unknown>;
  /** Extra code-server arguments, and VSIX files installed first (made before the workbench opens). */
  server?: () => Promise<{ args?: string[]; extensions?: string[] }>;
}

export interface SuiteContext {
  readonly wb: Workbench;
  readonly emulator: RunningEmulator;
}

/** Call inside describe(): opens the workbench before the first test and closes it after the last. */
export function workbenchSuite(name: string, options: SuiteOptions = {}): SuiteContext {
  let wb: Workbench | undefined;
  let emulator: RunningEmulator | undefined;
  let failed = false;

  before(async function () {
    this.timeout(180_000);
    emulator = options.emulatorArgs ? await startEmulator(options.emulatorArgs) : undefined;
    const userSettings = { ...emulator?.userSettings, ...options.settings?.(emulator) };
    wb = await Workbench.open(name, { userSettings, env: emulator?.env, ...(await options.server?.()) });
  });
  afterEach(async function () {
    const test = this.currentTest;
    failed ||= test?.state === 'failed';
    await wb?.screenshot(test?.title ?? 'step', test?.state === 'failed');
  });
  after(async () => {
    await wb?.close(failed);
    await emulator?.stop();
  });

  return {
    get wb(): Workbench {
      if (!wb) throw new Error('the workbench is not open (its before hook failed)');
      return wb;
    },
    get emulator(): RunningEmulator {
      if (!emulator) throw new Error('this suite runs without the emulator');
      return emulator;
    },
  };
}
