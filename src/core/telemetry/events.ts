// Every usage event the extension can send, one method each. Properties are closed vocabularies
// (enums, codes, counts, durations): never org URLs, tenant ids, user names, query text or tokens.
// USAGE_DATA.md documents each event; keep them in step.

export type Properties = Record<string, string>;
export type Measurements = Record<string, number>;

export interface TelemetryEvent {
  name: string;
  properties: Properties;
  measurements: Measurements;
  isError: boolean;
}

export interface TelemetrySink {
  send(event: TelemetryEvent): void;
}

export type SignInFlow =
  'uriHandler' | 'loopback' | 'deviceCode' | 'pasteUrl' | 'clientSecret' | 'clientCertificate' | 'importedToken';

export type Cloud = 'public' | 'gcc' | 'gccHigh' | 'dod' | 'china' | 'custom';

/** Command ids are ours (`dynamics365.*`): safe. Anything else is reported as "other". */
function commandId(id: string): string {
  return /^dynamics365\.[A-Za-z.]+$/.test(id) ? id : 'other';
}

/**
 * Error codes only: AADSTS numbers, Dataverse hex codes, HTTP statuses, Node error codes.
 * Free text could carry personal data, so anything else becomes "unknown".
 */
export function errorCode(code: string | undefined): string {
  if (!code) return 'unknown';
  if (/^AADSTS\d{4,7}$/.test(code) || /^0x[0-9a-fA-F]{8}$/.test(code) || /^HTTP\d{3}$/.test(code)) return code;
  if (/^E[A-Z_]{2,30}$/.test(code) || /^[a-z_]{3,40}$/.test(code)) return code;
  return 'unknown';
}

export class Telemetry {
  constructor(private readonly sinks: TelemetrySink[]) {}

  activated(activationMs: number, connectionCount: number): void {
    this.send('activated', {}, { activationMs, connectionCount });
  }

  commandSucceeded(command: string, durationMs: number): void {
    this.send('command', { command: commandId(command), result: 'ok' }, { durationMs });
  }

  commandCancelled(command: string, durationMs: number): void {
    this.send('command', { command: commandId(command), result: 'cancelled' }, { durationMs });
  }

  commandFailed(command: string, code: string | undefined, durationMs: number): void {
    this.send('commandFailed', { command: commandId(command), errorCode: errorCode(code) }, { durationMs }, true);
  }

  signInSucceeded(flow: SignInFlow, cloud: Cloud, durationMs: number): void {
    this.send('signIn', { flow, cloud, result: 'ok' }, { durationMs });
  }

  signInFailed(flow: SignInFlow, cloud: Cloud, code: string | undefined): void {
    this.send('signInFailed', { flow, cloud, errorCode: errorCode(code) }, {}, true);
  }

  private send(name: string, properties: Properties, measurements: Measurements, isError = false): void {
    const event: TelemetryEvent = { name, properties, measurements, isError };
    for (const sink of this.sinks) {
      try {
        sink.send(event);
      } catch {
        // Telemetry must never break a user action.
      }
    }
  }
}

/** Keeps the most recent events so the user (and tests) can see exactly what was sent. */
export class RecentEventsSink implements TelemetrySink {
  private readonly events: TelemetryEvent[] = [];
  constructor(private readonly capacity = 200) {}

  send(event: TelemetryEvent): void {
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.shift();
  }

  recent(): readonly TelemetryEvent[] {
    return this.events;
  }
}
