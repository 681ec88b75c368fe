import { strict as assert } from 'node:assert';
import { normalizeGuid, parseClientId, parseClientSecret, trimPasted } from '../../../src/core/pasted';

describe('pasted values', () => {
  const trims: [string, string][] = [
    ['  abc  ', 'abc'],
    ['\nabc\r\n', 'abc'],
    ['\u200Babc\u200D', 'abc'],
    ['\uFEFFabc\u00A0', 'abc'],
    ['a b c', 'a b c'],
  ];
  for (const [input, expected] of trims) {
    it(`trims ${JSON.stringify(input)}`, () => assert.equal(trimPasted(input), expected));
  }

  it('normalizes GUIDs: case, braces, spaces', () => {
    assert.equal(normalizeGuid(' {51F81489-12EE-4A9E-AAAE-A2591F45987D}\n'), '51f81489-12ee-4a9e-aaae-a2591f45987d');
    assert.equal(normalizeGuid('51f81489-12ee-4a9e-aaae'), undefined);
  });

  it('client ids', () => {
    assert.deepEqual(parseClientId(' 51F81489-12EE-4A9E-AAAE-A2591F45987D '), {
      ok: true,
      clientId: '51f81489-12ee-4a9e-aaae-a2591f45987d',
    });
    const bad = parseClientId('my-app');
    assert.ok(!bad.ok && /is a GUID/.test(bad.message));
  });

  it('client secrets lose the spaces and line breaks around them, nothing inside', () => {
    assert.deepEqual(parseClientSecret('  Abc8Q~d Ef\n'), { ok: true, secret: 'Abc8Q~d Ef' });
    assert.deepEqual(parseClientSecret('\r\nAbc8Q~dEf.GhI_jKlMnOpQrStUvWxYz0123456789\r\n'), {
      ok: true,
      secret: 'Abc8Q~dEf.GhI_jKlMnOpQrStUvWxYz0123456789',
    });
  });

  it('a client secret that is the secret ID, or nothing, says what to paste', () => {
    const id = parseClientSecret('0f8e3c2a-1234-5678-9abc-def012345678');
    assert.ok(!id.ok && /secret's ID\. Paste its Value/.test(id.message));
    const empty = parseClientSecret(' \n ');
    assert.ok(!empty.ok && /Paste the client secret's Value/.test(empty.message));
  });
});
