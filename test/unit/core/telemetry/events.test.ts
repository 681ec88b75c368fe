import * as assert from 'node:assert/strict';
import { RecentEventsSink, Telemetry, errorCode, type TelemetryEvent } from '../../../../src/core/telemetry/events';

describe('Telemetry', () => {
  function setup() {
    const recent = new RecentEventsSink(3);
    return { recent, telemetry: new Telemetry([recent]) };
  }

  it('records one event per call with closed properties only', () => {
    const { recent, telemetry } = setup();
    telemetry.commandSucceeded('dynamics365.runQuery', 12);
    telemetry.commandFailed('dynamics365.signIn', 'AADSTS50011', 3);
    const events = recent.recent();
    assert.deepEqual(
      events.map((e) => e.name),
      ['command', 'commandFailed'],
    );
    assert.deepEqual(events[1].properties, { command: 'dynamics365.signIn', errorCode: 'AADSTS50011' });
    assert.equal(events[1].isError, true);
  });

  it('never passes free text as an error code or command', () => {
    const { recent, telemetry } = setup();
    telemetry.commandFailed('someone.else https://contoso.crm.dynamics.com', 'user alice@contoso.com not found', 1);
    assert.deepEqual(recent.recent()[0].properties, { command: 'other', errorCode: 'unknown' });
  });

  it('keeps only the most recent events', () => {
    const { recent, telemetry } = setup();
    for (let i = 0; i < 5; i++) telemetry.activated(i, 0);
    assert.deepEqual(
      recent.recent().map((e) => e.measurements.activationMs),
      [2, 3, 4],
    );
  });

  it('keeps going when a sink throws', () => {
    const seen: TelemetryEvent[] = [];
    const telemetry = new Telemetry([
      {
        send: () => {
          throw new Error('down');
        },
      },
      { send: (e) => seen.push(e) },
    ]);
    telemetry.signInSucceeded('loopback', 'public', 5);
    assert.equal(seen.length, 1);
  });

  it('accepts only code-shaped error codes', () => {
    const table: Array<[string | undefined, string]> = [
      ['AADSTS700016', 'AADSTS700016'],
      ['0x80040217', '0x80040217'],
      ['HTTP429', 'HTTP429'],
      ['ECONNRESET', 'ECONNRESET'],
      ['invalid_grant', 'invalid_grant'],
      [undefined, 'unknown'],
      ['contoso.crm.dynamics.com', 'unknown'],
      ['Bearer eyJabc', 'unknown'],
    ];
    for (const [input, expected] of table) assert.equal(errorCode(input), expected, String(input));
  });
});
