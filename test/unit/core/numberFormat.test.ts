// Numbers in messages follow the display language set at activation: grouped counts, decimals and
// durations in English and German, and an unknown or malformed language falls back to English.
import { strict as assert } from 'node:assert';
import {
  displayLocale,
  formatCount,
  formatDecimal,
  formatDuration,
  setDisplayLocale,
} from '../../../src/core/numberFormat';

describe('numbers in the display language', () => {
  afterEach(() => setDisplayLocale('en'));

  it('is English until the extension sets a language', () => {
    assert.equal(displayLocale(), 'en');
    assert.equal(formatCount(5000), '5,000');
  });

  it('groups counts as English writes them', () => {
    setDisplayLocale('en');
    assert.deepEqual([0, 7, 999, 1000, 5000, 1_234_567].map(formatCount), [
      '0',
      '7',
      '999',
      '1,000',
      '5,000',
      '1,234,567',
    ]);
  });

  it('groups counts as German writes them', () => {
    setDisplayLocale('de');
    assert.equal(displayLocale(), 'de');
    assert.deepEqual([0, 999, 1000, 5000, 1_234_567].map(formatCount), ['0', '999', '1.000', '5.000', '1.234.567']);
  });

  it('rounds a count to a whole number', () => {
    assert.equal(formatCount(1499.6), '1,500');
    setDisplayLocale('de');
    assert.equal(formatCount(2.4), '2');
  });

  it('writes decimals with exactly the digits asked for', () => {
    assert.equal(formatDecimal(1.5, 1), '1.5');
    assert.equal(formatDecimal(2, 2), '2.00');
    assert.equal(formatDecimal(1234.56, 1), '1,234.6');
    setDisplayLocale('de');
    assert.equal(formatDecimal(1.5, 1), '1,5');
    assert.equal(formatDecimal(1234.56, 1), '1.234,6');
    assert.equal(formatDecimal(0.125, 2), '0,13');
  });

  it('writes durations in ms under a second, then in seconds', () => {
    assert.deepEqual([120.4, 999, 1500, 12_345].map(formatDuration), ['120 ms', '999 ms', '1.5 s', '12 s']);
    setDisplayLocale('de');
    assert.deepEqual([120.4, 1500, 9_950, 12_345].map(formatDuration), ['120 ms', '1,5 s', '10,0 s', '12 s']);
    assert.equal(formatDuration(1_500_000), '1.500 s');
  });

  it('takes VS Code language ids with a region', () => {
    setDisplayLocale('pt-br');
    assert.equal(formatDecimal(5000.5, 1), '5.000,5');
    setDisplayLocale('zh-cn');
    assert.equal(formatCount(5000), '5,000');
  });

  for (const bad of ['qps-ploc', 'xx-invalid', 'not a locale!', '', undefined]) {
    it(`falls back to English for ${JSON.stringify(bad)}, without throwing`, () => {
      setDisplayLocale('de');
      assert.doesNotThrow(() => setDisplayLocale(bad));
      assert.equal(displayLocale(), 'en');
      assert.equal(formatCount(5000), '5,000');
      assert.equal(formatDecimal(1.5, 1), '1.5');
    });
  }

  it('switches formatters when the language changes (cached per locale, not one for all)', () => {
    setDisplayLocale('de');
    assert.equal(formatCount(5000), '5.000');
    setDisplayLocale('en');
    assert.equal(formatCount(5000), '5,000');
    setDisplayLocale('de');
    assert.equal(formatCount(5000), '5.000');
  });
});
