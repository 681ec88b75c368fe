// Ownership of registrations: whatever is created is added to a store that disposes it.
import type * as vscode from 'vscode';

export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    this.disposed = true;
    // Reverse order: later registrations may depend on earlier ones.
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch {
        // One failing disposal must not keep the others alive.
      }
    }
  }
}
