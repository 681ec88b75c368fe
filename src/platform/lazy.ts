// A part of the extension built on first use rather than at activation (code kept out of the
// start-up bundle, see scripts/build.mjs), and owned like everything else by a disposable store.
import type * as vscode from 'vscode';
import type { DisposableStore } from './util/dispose';

/**
 * Returns a function that builds the part on its first call and hands every caller the same one.
 * A part that arrives after the store was disposed is disposed at once.
 */
export function lazyPart<T extends vscode.Disposable>(
  store: DisposableStore,
  create: () => Promise<T>,
): () => Promise<T> {
  let part: Promise<T> | undefined;
  return () => (part ??= create().then((created) => store.add(created)));
}
