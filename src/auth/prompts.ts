// The small pieces of UI sign-in needs. Each keeps what the user typed when asking again, and
// turns Escape into a CancellationError so commands stay quiet about it. What is pasted loses the
// spaces and line breaks around it before it is checked or used.
import * as vscode from 'vscode';
import { trimPasted } from '../core/pasted';

export interface DeviceCodeInfo {
  userCode: string;
  verificationUri: string;
}

/**
 * Runs a device-code sign-in under a cancellable progress notification. When the code arrives it is
 * shown with "Copy & Open"; cancelling the progress (or `outer`) aborts the polling.
 */
export function withDeviceCodeProgress<T>(
  outer: AbortSignal,
  run: (onCode: (info: DeviceCodeInfo) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  outer.addEventListener('abort', () => abort.abort(), { once: true });
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Dynamics 365: waiting for the device code to be entered…'),
        cancellable: true,
      },
      async (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        try {
          return await run((info) => void offerDeviceCode(info), abort.signal);
        } catch (err) {
          if (abort.signal.aborted) throw new vscode.CancellationError();
          throw err;
        }
      },
    ),
  );
}

async function offerDeviceCode(info: DeviceCodeInfo): Promise<void> {
  const copyAndOpen = vscode.l10n.t('Copy & Open');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('To sign in to Dynamics 365, open {0} and enter the code {1}.', info.verificationUri, info.userCode),
    copyAndOpen,
  );
  if (choice !== copyAndOpen) return;
  await vscode.env.clipboard.writeText(info.userCode);
  await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri));
}

/**
 * Asks for the URL the browser ended on (or just the code). `validate` returns an error message or
 * undefined; a rejected value stays in the box so nothing typed is lost.
 */
export async function askForRedirectedUrl(validate: (value: string) => string | undefined): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Dynamics 365: finish signing in'),
    prompt: vscode.l10n.t(
      'After signing in, the browser shows an address that may not load. Copy that whole address (or the value of its "code" parameter) and paste it here.',
    ),
    placeHolder: 'http://localhost/?code=…&state=…',
    ignoreFocusOut: true,
    validateInput: (v) => (trimPasted(v) ? validate(trimPasted(v)) : undefined),
  });
  if (!trimPasted(value ?? '')) throw new vscode.CancellationError();
  return trimPasted(value ?? '');
}

/**
 * A secret or token in a password box, trimmed: no secret starts or ends with a space, but a paste
 * often does. `validate` sees the trimmed value and returns an error message or undefined.
 */
export async function askForSecret(
  title: string,
  prompt: string,
  validate?: (value: string) => string | undefined,
): Promise<string> {
  const value = await vscode.window.showInputBox({
    title,
    prompt,
    password: true,
    ignoreFocusOut: true,
    validateInput: validate ? (v) => (trimPasted(v) ? validate(trimPasted(v)) : undefined) : undefined,
  });
  const trimmed = trimPasted(value ?? '');
  if (!trimmed) throw new vscode.CancellationError();
  return trimmed;
}

export async function askForText(
  options: vscode.InputBoxOptions & { validate?: (v: string) => string | undefined },
): Promise<string> {
  const value = await vscode.window.showInputBox({
    ignoreFocusOut: true,
    ...options,
    validateInput: options.validate ? (v) => options.validate?.(trimPasted(v)) : undefined,
  });
  if (value === undefined) throw new vscode.CancellationError();
  return trimPasted(value);
}
