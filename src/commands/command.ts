// What a command is: an id (declared in package.json) and what it does.
export interface Command {
  readonly id: string;
  run(...args: unknown[]): unknown;
}
