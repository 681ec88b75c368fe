// Hands browser callbacks (from the URI handler, the loopback server or a pasted address) to the
// sign-in waiting for them, through PendingAuthorizations, and logs what became of each. It never shows
// a callback itself: anyone can send one, so one that no sign-in waits for is only logged, and a
// sign-in it ends shows its own fixed message.
import type * as vscode from 'vscode';
import type { AuthCallbackError } from '../core/auth/callbackErrors';
import type { CompletedAuthorization, PendingAuthorizations } from '../core/auth/pendingAuthorizations';
import type { Logger } from '../core/log/logger';
import type { AuthUriHandler } from './uriHandler';

export type CallbackSource = 'URI handler' | 'loopback server' | 'pasted address';

export class CallbackRouter implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly waiting = new Set<string>();

  constructor(
    readonly pending: PendingAuthorizations,
    handler: AuthUriHandler,
    private readonly log: Logger,
  ) {
    this.subscription = handler.onDidReceiveCallback((query) => this.deliver(query, 'URI handler'));
  }

  /**
   * Resolves with the checked callback for `state`; rejects on abort, on an error callback for it, or
   * at its expiry ('timedOut').
   */
  waitFor(state: string, signal: AbortSignal): Promise<CompletedAuthorization> {
    this.waiting.add(state);
    const done = this.pending.wait(state, signal);
    const forget = (): void => {
      this.waiting.delete(state);
    };
    done.then(forget, forget);
    return done;
  }

  /** A callback that arrived on its own; whoever waits for it gets it. */
  deliver(input: string, source: CallbackSource): void {
    const { error, waited, completed } = this.pending.deliver(input);
    if (error) this.logCallbackError(error, source, waited);
    else if (completed && !waited) {
      this.log.warn(`Ignored a sign-in callback from the ${source}: its sign-in is no longer waiting.`);
    }
  }

  /** A pasted address, checked against the sign-in that asked for it; throws what it got wrong. */
  complete(input: string, source: CallbackSource, expectedState: string): CompletedAuthorization {
    const delivery = this.pending.deliver(input, expectedState);
    if (delivery.error) {
      this.logCallbackError(delivery.error, source, true);
      throw delivery.error;
    }
    return delivery.completed as CompletedAuthorization;
  }

  /** The loopback server turned a request away (wrong or missing state). */
  refused(source: CallbackSource, why: string): void {
    this.log.warn(`Ignored a request to the ${source}: ${why}.`);
  }

  private logCallbackError(error: AuthCallbackError, source: CallbackSource, waited: boolean): void {
    const detail = error.detail ? ` The callback carried ${error.detail}.` : '';
    if (waited) {
      this.log.warn(`Sign-in ended by a callback from the ${source} (${error.kind}): ${error.message}${detail}`);
    } else {
      this.log.warn(
        `Ignored a sign-in callback from the ${source} that no sign-in is waiting for (${error.kind}): ${error.message}${detail}`,
      );
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const state of this.waiting) this.pending.cancel(state);
    this.waiting.clear();
  }
}
