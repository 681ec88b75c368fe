// A number typed into a SQL write is sent only when the JSON body carries the digits as typed.
import { strict as assert } from 'node:assert';
import { exactNumber } from '../../../../../src/core/query/sql/dml/exactNumber';

describe('SQL writes: numbers sent exactly as typed', () => {
  it('takes numbers whose digits a JSON number keeps, however they are written', () => {
    const cases: [string, number][] = [
      ['12.50', 12.5],
      ['-3', -3],
      ['+4', 4],
      ['007', 7],
      ['.5', 0.5],
      ['5.', 5],
      ['0.1', 0.1],
      ['0.000120', 0.00012],
      ['1e3', 1000],
      ['1.5e-7', 1.5e-7],
      ['9007199254740992', 9007199254740992],
      ['100000000000', 100000000000],
      ['922337203685477', 922337203685477],
      [' 42 ', 42],
    ];
    for (const [text, n] of cases) assert.equal(exactNumber(text), n, text);
    assert.ok(Object.is(exactNumber('-0'), -0));
  });

  it('refuses a number the body would round, and what is not a number', () => {
    for (const text of [
      '9007199254740993',
      '123456789012345678.25',
      '922337203685477.5807',
      '0.12345678901234567891',
      '12345678901234567890',
      '1e400',
      'abc',
      '',
      '1.2.3',
      '0x10',
      'Infinity',
    ]) {
      assert.equal(exactNumber(text), undefined, text);
    }
  });
});
