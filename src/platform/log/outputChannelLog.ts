// The extension's log: a LogOutputChannel behind the redacting core logger. The channel's own
// level (Developer: Set Log Level) and the `dynamics365.logLevel` setting both apply.
import * as vscode from 'vscode';
import { RedactingLogger, type LogLevel, type LogSink } from '../../core/log/logger';

class ChannelSink implements LogSink {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  write(level: Exclude<LogLevel, 'off'>, line: string): void {
    this.channel[level](line);
  }
}

export function createLog(channel: vscode.LogOutputChannel, level: () => LogLevel): RedactingLogger {
  return new RedactingLogger(new ChannelSink(channel), level);
}
