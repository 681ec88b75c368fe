// Completion items with translated text are built on first use, not at module load: the extension
// configures @vscode/l10n at activation, after the modules are loaded. Built once, then shared, so
// an adapter caching its converted items by identity still can.
export function lazyItems<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
