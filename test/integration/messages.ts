// Watches (and answers) the window's message functions while a test body runs: extension tests
// cannot see a notification or answer a modal dialog, so the test stands in for the person.
import * as vscode from 'vscode';

export interface Shown {
  message: string;
  options?: vscode.MessageOptions;
  items: unknown[];
}

export type MessageFunction = 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage';

/** Replaces vscode.window's message functions while `body` runs; records each call; `answer` answers warnings. */
export async function watching<T>(answer: (shown: Shown) => unknown, body: (calls: Shown[]) => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Record<MessageFunction, unknown>;
  const names: MessageFunction[] = ['showWarningMessage', 'showErrorMessage', 'showInformationMessage'];
  const originals = names.map((n) => window[n]);
  const calls: Shown[] = [];
  for (const name of names) {
    window[name] = (message: string, ...rest: unknown[]) => {
      const options =
        rest[0] !== null && typeof rest[0] === 'object' && !('title' in (rest[0] as object))
          ? (rest.shift() as vscode.MessageOptions)
          : undefined;
      const shown = { message, ...(options ? { options } : {}), items: rest };
      calls.push(shown);
      return Promise.resolve(name === 'showWarningMessage' && options?.modal ? answer(shown) : undefined);
    };
  }
  try {
    return await body(calls);
  } finally {
    names.forEach((n, i) => (window[n] = originals[i]));
  }
}
