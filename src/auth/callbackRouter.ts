// Matches browser callbacks (from the URI handler) to the sign-in that is waiting for them. Every
// callback is checked by PendingAuthorizations first: a wrong, replayed or missing state never
// reaches a waiter, and the user is told it was refused.
import * as vscode from 'vscode';
import { AuthCallbackError, type CompletedAuthorization, type PendingAuthorizations } from '../core/auth/pendingAuthorizations';
import type { Logger } from '../core/log/logger';
import type { AuthUriHandler } from './uriHandler';

type Waiter = { resolve: (c: CompletedAuthorization) => void; reject: (e: Error) => void };

export class CallbackRouter implements vscode.Disposable {
  private readonly waiters = new Map<string, Waiter>();
  private readonly subscription: vscode.Disposable;

  constructor(readonly pending: PendingAuthorizations, handler: AuthUriHandler, private readonly log: Logger) {
    this.subscription = handler.onDidReceiveCallback((query) => this.receive(query));
  }

  /** Resolves with the checked callback for `state`; rejects on abort or on an error callback. */
  waitFor(state: string, signal: AbortSignal): Promise<CompletedAuthorization> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters.delete(state);
        this.pending.cancel(state);
        reject(new vscode.CancellationError());
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(state, {
        resolve: (c) => { signal.removeEventListener('abort', onAbort); resolve(c); },
        reject: (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
      });
    });
  }

  private receive(query: string): void {
    const state = new URLSearchParams(query).get('state') ?? '';
    const waiter = this.waiters.get(state);
    try {
      const completed = this.pending.complete(query);
      this.waiters.delete(completed.state);
      waiter?.resolve(completed);
    } catch (err) {
      if (waiter && err instanceof AuthCallbackError && err.kind === 'server') {
        this.waiters.delete(state);
        waiter.reject(err);
        return;
      }
      const why = err instanceof Error ? err.message : String(err);
      this.log.warn(`Refused a sign-in callback: ${why}`);
      void vscode.window.showWarningMessage(`Dynamics 365: a sign-in answer was refused. ${why}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const [state, waiter] of this.waiters) {
      this.pending.cancel(state);
      waiter.reject(new vscode.CancellationError());
    }
    this.waiters.clear();
  }
}
