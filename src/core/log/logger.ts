// A small logging interface for core code. The VS Code side implements it over a LogOutputChannel;
// tests use MemoryLogger. Every message passes through the secret registry before it is written.
import { knownSecrets, type SecretRegistry } from './redact';

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const ORDER: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5 };

export interface Logger {
  error(message: string, err?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  trace(message: string): void;
  /** A value with no recognizable shape (a client secret) to mask from now on. */
  addSecret?(value: string): void;
}

/** Where formatted, already-redacted lines go. */
export interface LogSink {
  write(level: Exclude<LogLevel, 'off'>, line: string): void;
}

export function parseLogLevel(value: unknown, fallback: LogLevel = 'info'): LogLevel {
  return typeof value === 'string' && value in ORDER ? (value as LogLevel) : fallback;
}

export class RedactingLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private level: () => LogLevel,
    /** The extension host's shared list unless a test brings its own. */
    readonly secrets: SecretRegistry = knownSecrets,
  ) {}

  error(message: string, err?: unknown): void {
    this.emit('error', err === undefined ? message : `${message}: ${describeError(err)}`);
  }
  warn(message: string): void {
    this.emit('warn', message);
  }
  info(message: string): void {
    this.emit('info', message);
  }
  debug(message: string): void {
    this.emit('debug', message);
  }
  trace(message: string): void {
    this.emit('trace', message);
  }
  addSecret(value: string): void {
    this.secrets.add(value);
  }

  private emit(level: Exclude<LogLevel, 'off'>, message: string): void {
    if (ORDER[level] > ORDER[this.level()]) return;
    this.sink.write(level, this.secrets.scrub(message));
  }
}

/** One line describing an error: its code if it has one, and its message; never its stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
}

/** Keeps lines in memory; for tests and for code that runs before the output channel exists. */
export class MemoryLogSink implements LogSink {
  readonly lines: string[] = [];
  write(level: Exclude<LogLevel, 'off'>, line: string): void {
    this.lines.push(`[${level}] ${line}`);
  }
}
