// Shared helpers: timing, medians, result lines, and the child processes the benchmarks talk to.
// The servers run in their own processes so that (a) they get the second core instead of competing
// with the code under test for one event loop, and (b) process.memoryUsage() here measures the
// client only, not the emulator's buffers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function ms(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

/** Signed, for heap deltas: "+1.2 MB", "-0.3 MB" ("+0.0 MB" for tiny negatives, not "-0.0"). */
export function mb(bytes: number): string {
  const v = bytes / 1024 / 1024;
  return `${v < -0.05 ? '' : '+'}${(Math.abs(v) < 0.05 ? 0 : v).toFixed(1)} MB`;
}

/** One benchmark's outcome; `failed` is set only for hard invariants, never for timings. */
export interface BenchResult {
  name: string;
  /** Candidate/baseline, or undefined for count-only benchmarks. */
  ratio?: number;
  target?: string;
  lines: string[];
  failed?: string;
}

export function ratioLine(
  name: string,
  candidateMs: number,
  baselineMs: number,
  ratio = candidateMs / baselineMs,
): string {
  return `${name}: ratio ${ratio.toFixed(2)} (candidate ${ms(candidateMs)} ms / baseline ${ms(baselineMs)} ms)`;
}

export interface Paired<T> {
  candidate: T[];
  baseline: T[];
  /** candidate/baseline of each round: the two ran back to back, so they shared the machine's load. */
  ratios: number[];
}

/**
 * Runs candidate and baseline back to back `rounds` times, alternating which goes first. The ratio
 * to report is the median of the per-round ratios: on this shared 2-core machine the load changes
 * between rounds, and a pair measured seconds apart cancels most of it, where a ratio of two
 * independent medians does not.
 */
export async function paired<T>(
  rounds: number,
  candidate: () => Promise<T>,
  baseline: () => Promise<T>,
  msOf: (t: T) => number,
): Promise<Paired<T>> {
  const out: Paired<T> = { candidate: [], baseline: [], ratios: [] };
  for (let i = 0; i < rounds; i++) {
    let c: T;
    let b: T;
    if (i % 2 === 0) {
      c = await candidate();
      b = await baseline();
    } else {
      b = await baseline();
      c = await candidate();
    }
    out.candidate.push(c);
    out.baseline.push(b);
    out.ratios.push(msOf(c) / msOf(b));
  }
  return out;
}

/** The standard result line for a paired measurement: median ratio, median times. */
export function pairedLine<T>(
  name: string,
  p: Paired<T>,
  msOf: (t: T) => number,
): { line: string; ratio: number; spread: string } {
  const ratio = median(p.ratios);
  return {
    ratio,
    spread: spread(p.ratios),
    line: ratioLine(name, median(p.candidate.map(msOf)), median(p.baseline.map(msOf)), ratio),
  };
}

/** "per-round ratios 0.94–1.12": how far to trust a median ratio on a busy machine. */
export function spread(ratios: number[]): string {
  return `per-round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

/** Only what the emulator CLI prints on its first stdout line that we use. */
export interface ServerInfo {
  orgUrl: string;
  caCertPath: string;
  authorityHost?: string;
  tenantId?: string;
  controlUrl?: string;
  orgControlUrl?: string;
  publicClientId?: string;
  confidentialClientId?: string;
  confidentialClientSecret?: string;
}

// Servers still running; killed if this process exits early (watchdog, crash) so none is orphaned.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGTERM');
});

export interface ServerProcess {
  info: ServerInfo;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> ...args` and resolves with the JSON of its first stdout line
 * (the emulator CLI's contract). Stopped with SIGTERM to that node process itself, so the emulator
 * removes its temp folder.
 */
export function startServerProcess(script: string, args: string[], timeoutMs = 60_000): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const exited = new Promise<void>((ok) =>
    child.once('exit', () => {
      live.delete(child);
      ok();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`${script} did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      try {
        ok({ info: JSON.parse(line) as ServerInfo, stop });
      } catch {
        void stop();
        fail(new Error(`${script} printed no JSON first line: ${line.slice(0, 200)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited (${code}) before starting: ${stderr}`));
    });
  });
}

/** Forces a full GC when the process runs with --expose-gc (scripts/bench.mjs passes it). */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}
