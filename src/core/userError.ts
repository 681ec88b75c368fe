// Errors meant for the user: a message that says what happened and what to do, an optional code
// for telemetry (AADSTS…, 0x…, HTTP…), and actions the UI can offer as buttons.

export interface UserAction {
  title: string;
  /** A command id to run when chosen, with its arguments. */
  command?: string;
  args?: unknown[];
  /** A documentation link to open when chosen. */
  url?: string;
}

export class UserError extends Error {
  readonly code: string | undefined;
  readonly actions: UserAction[];

  constructor(message: string, options: { code?: string; actions?: UserAction[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.code = options.code;
    this.actions = options.actions ?? [];
  }
}

/** The user dismissed a prompt or pressed Cancel: not an error to report. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** The user stopped it: our CancelledError, VS Code's 'Canceled', an abort, or a core error coded CANCELLED. */
export function isCancellation(err: unknown): boolean {
  if (err instanceof CancelledError) return true;
  if (!(err instanceof Error)) return false;
  return err.name === 'AbortError' || err.name === 'Canceled' || (err as { code?: unknown }).code === 'CANCELLED';
}

export function errorCodeOf(err: unknown): string | undefined {
  if (err instanceof UserError) return err.code;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
