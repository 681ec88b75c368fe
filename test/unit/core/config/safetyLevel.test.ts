// A safety level that came in as a command argument (a link, another extension) may raise the
// safety without a question but lowers it only after the person's yes; the person's own pick never asks.
import * as assert from 'node:assert/strict';
import {
  isSafetyLevel,
  lowerSafetyPrompt,
  safetyChange,
  safetyLevelOf,
  type SafetyLevel,
} from '../../../../src/core/config/safetyLevel';

const levels: SafetyLevel[] = ['normal', 'production', 'readOnly'];

describe('safetyChange', () => {
  it('asks when an argument lowers the level, and only then', () => {
    const asked: string[] = [];
    for (const from of levels) {
      for (const to of levels) if (safetyChange(from, to, 'argument') === 'ask') asked.push(`${from}→${to}`);
    }
    assert.deepEqual(asked.sort(), ['production→normal', 'readOnly→normal', 'readOnly→production']);
  });

  it("never asks about the person's own pick", () => {
    for (const from of levels) for (const to of levels) assert.equal(safetyChange(from, to, 'picked'), 'set');
  });
});

describe('safetyLevelOf and isSafetyLevel', () => {
  it('read-only wins over production', () => {
    assert.equal(safetyLevelOf({ readOnly: true, production: true }), 'readOnly');
    assert.equal(safetyLevelOf({ readOnly: false, production: true }), 'production');
    assert.equal(safetyLevelOf({ readOnly: false, production: false }), 'normal');
  });

  it('accepts the three levels only', () => {
    assert.deepEqual(['normal', 'production', 'readOnly', 'readonly', '', undefined, 1, {}].map(isSafetyLevel), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('lowerSafetyPrompt', () => {
  it('names the connection, both levels and what the lower level means, with one button naming the new level', () => {
    const prompt = lowerSafetyPrompt('Contoso PROD (https://contoso.crm.dynamics.com)', 'readOnly', 'normal');
    assert.equal(
      prompt.message,
      'A link or another extension asks to lower the safety of Contoso PROD (https://contoso.crm.dynamics.com) from Read-only to Development. Lower it?',
    );
    assert.equal(prompt.detail, 'Writes to this organization would then be sent as written, without a question.');
    assert.equal(prompt.lower, 'Lower to Development');
  });

  it('to production: writes would still be confirmed', () => {
    const prompt = lowerSafetyPrompt('Sandbox (https://sandbox.crm.dynamics.com)', 'readOnly', 'production');
    assert.match(prompt.message, /from Read-only to Production/);
    assert.equal(prompt.detail, 'Writes to this organization would then be sent after a confirmation.');
    assert.equal(prompt.lower, 'Lower to Production');
  });
});
