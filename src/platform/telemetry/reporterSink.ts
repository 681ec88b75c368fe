// Sends usage events through @vscode/extension-telemetry, which honours the user's telemetry
// setting. Without a connection string (set at bundle time) nothing is sent anywhere.
import type * as vscode from 'vscode';
import type { TelemetryEvent, TelemetrySink } from '../../core/telemetry/events';

type Reporter = {
  sendTelemetryEvent(name: string, p?: Record<string, string>, m?: Record<string, number>): void;
  sendTelemetryErrorEvent(name: string, p?: Record<string, string>, m?: Record<string, number>): void;
  dispose(): Promise<unknown>;
};

export class ReporterSink implements TelemetrySink, vscode.Disposable {
  private reporter: Reporter | undefined;

  constructor(private readonly connectionString: string) {}

  send(event: TelemetryEvent): void {
    if (!this.connectionString) return;
    // Loaded on first event, not at activation: the reporter pulls in Application Insights.
    const { TelemetryReporter } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@vscode/extension-telemetry') as typeof import('@vscode/extension-telemetry');
    this.reporter ??= new TelemetryReporter(this.connectionString) as Reporter;
    if (event.isError) {
      this.reporter.sendTelemetryErrorEvent(event.name, event.properties, event.measurements);
    } else {
      this.reporter.sendTelemetryEvent(event.name, event.properties, event.measurements);
    }
  }

  dispose(): void {
    void this.reporter?.dispose();
  }
}
