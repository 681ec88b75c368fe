// The path names the read/write decision looks at: read as the server reads them, never throwing.
import { strict as assert } from 'node:assert';
import { everyPathName, pathNames, percentDecode } from '../../../../src/core/query/run/pathNames';

describe('path names as the server reads them', () => {
  it('decodes escapes, keeps malformed ones as written and never throws', () => {
    assert.equal(percentDecode('CalculateRollupFiel%64'), 'CalculateRollupField');
    assert.equal(percentDecode('a%C3%A9b'), 'aéb');
    // Not UTF-8: the non-ASCII bytes stay escaped, the ASCII ones of the same run still decode.
    assert.equal(percentDecode('%E0%A4%64'), '%E0%A4d');
    assert.equal(percentDecode('100%'), '100%');
    assert.equal(percentDecode('%G1%'), '%G1%');
    assert.equal(percentDecode('%ZZ%2'), '%ZZ%2');
  });

  it('names segments without namespace, parentheses or empty segments', () => {
    assert.deepEqual(pathNames('/api/data/v9.2/accounts(1)//mscrm.AddToQueue/?$x=a/b'), [
      { bare: 'accounts', qualified: false },
      { bare: 'AddToQueue', qualified: true },
    ]);
    assert.deepEqual(pathNames("accounts(name='a/b')\\%24ref"), [
      { bare: 'accounts', qualified: false },
      { bare: '$ref', qualified: false },
    ]);
    assert.deepEqual(pathNames(''), []);
  });

  it('also names what follows a slash inside quotes, for the checks that must not miss one', () => {
    assert.deepEqual(
      everyPathName("accounts(name='x/CalculateRollupField(1)')").map((n) => n.bare),
      ['accounts', 'CalculateRollupField'],
    );
  });
});
