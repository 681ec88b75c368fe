// Runs inside the extension host of a real VS Code (bench/notebookWorkbench.ts bundles it and hands
// it to the integration harness as the tests entry): opens a generated 50-cell .dvnb with stored
// outputs as a notebook (openNotebookDocument + showNotebookDocument) and the same text saved as
// .json as a text editor (openTextDocument + showTextDocument), paired and alternating, each round
// on fresh copies of the files so nothing is served from an already open document. Writes the
// times to D365_BENCH_OUT; the bench process reads them back.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

interface Times {
  candidate: number[];
  baseline: number[];
  warmup: { candidate: number[]; baseline: number[] };
  error?: string;
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function openNotebook(file: string): Promise<number> {
  const start = performance.now();
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.file(file));
  await vscode.window.showNotebookDocument(notebook);
  const elapsed = performance.now() - start;
  if (notebook.cellCount !== 50) throw new Error(`the notebook opened with ${notebook.cellCount} cells, not 50`);
  return elapsed;
}

async function openJson(file: string): Promise<number> {
  const start = performance.now();
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return performance.now() - start;
}

export async function run(): Promise<void> {
  const dir = process.env.D365_BENCH_DIR!;
  const out = process.env.D365_BENCH_OUT!;
  const rounds = Number(process.env.D365_BENCH_ROUNDS ?? 7);
  const warmups = Number(process.env.D365_BENCH_WARMUPS ?? 2);
  const times: Times = { candidate: [], baseline: [], warmup: { candidate: [], baseline: [] } };
  try {
    await closeAll();
    for (let i = 0; i < warmups + rounds; i++) {
      const notebook = path.join(dir, `open-${i}.dvnb`);
      const json = path.join(dir, `open-${i}.json`);
      const [c, b] =
        i % 2 === 0
          ? [await openNotebook(notebook), await step(() => openJson(json))]
          : swap(await openJson(json), await step(() => openNotebook(notebook)));
      const side = i < warmups ? times.warmup : times;
      side.candidate.push(c);
      side.baseline.push(b);
      await closeAll();
      console.log(`round ${i + 1}/${warmups + rounds}: notebook ${c.toFixed(0)} ms, json ${b.toFixed(0)} ms`);
    }
  } catch (err) {
    times.error = err instanceof Error ? err.message : String(err);
  }
  fs.writeFileSync(out, JSON.stringify(times));
  // The harness counts this line as it counts the integration suites'.
  console.log(times.error ? '0 passed, 1 failed' : '1 passed, 0 failed');
  if (times.error) throw new Error(times.error);
}

/** Between the two sides: the editor closed, so each side opens into the same empty editor area. */
async function step<T>(f: () => Promise<T>): Promise<T> {
  await closeAll();
  return f();
}

function swap(baseline: number, candidate: number): [number, number] {
  return [candidate, baseline];
}
