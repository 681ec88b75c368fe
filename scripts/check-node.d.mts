// Types of scripts/check-node.mjs for the unit tests.
export function satisfies(version: string, range: string): boolean;
export function nodeProblem(version: string, required: string): string | undefined;
export function lockEngineConflicts(
  lock: { packages?: Record<string, { version?: string; engines?: { node?: unknown } }> },
  minimum: string,
): string[];
