// `{{` completion in a notebook cell offers what the cells above define (`@name = …` variables and
// `# @name` requests), as a scratchpad block is offered the file's variables; `@` in a SQL cell too.
import { strict as assert } from 'node:assert';
import { earlierCells } from '../../../../src/core/notebook/cellContext';
import { completeAt } from '../../../../src/core/query/language/completion';
import { withCursor } from '../query/cursorText';

const earlier = earlierCells([
  '@top = 5\n@name = Contoso',
  '# @name list\nGET accounts?$top={{top}}',
  '@top = 7',
  '### Later block\n@own = 1\nGET WhoAmI',
]);

function items(src: string): { label: string; detail?: string }[] {
  const { text, position } = withCursor(src);
  return completeAt(text, position, { outer: earlier })?.items.map((i) => ({ label: i.label, detail: i.detail })) ?? [];
}

describe('completion in a notebook cell: names from the cells above', () => {
  it("offers the earlier cells' variables (the last value of a name) and request names inside {{", () => {
    const found = items('GET accounts?$top={{|}}');
    const labels = found.map((i) => i.label);
    for (const name of ['top', 'name', 'own', 'list']) {
      assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    }
    assert.equal(found.find((i) => i.label === 'top')?.detail, '7');
    assert.equal(found.find((i) => i.label === 'list')?.detail, 'request in a cell above');
    assert.equal(labels.filter((l) => l === 'top').length, 1);
  });

  it("offers a cell's own variable over an earlier one of the same name", () => {
    const found = items('@top = 1\nGET accounts?$top={{|}}');
    assert.deepEqual(
      found.filter((i) => i.label === 'top').map((i) => i.detail),
      ['1'],
    );
  });

  it("offers the response paths after an earlier cell's request name and a dot", () => {
    const labels = items('GET accounts({{list.|}})').map((i) => i.label);
    assert.ok(labels.includes('response.body.'), labels.join(', '));
  });

  it('offers the earlier variables after @ in a SQL cell', () => {
    const labels = items('SELECT name FROM account WHERE name = @|').map((i) => i.label);
    assert.ok(labels.includes('@name') && labels.includes('@top'), labels.join(', '));
  });

  it('offers nothing from outside to a scratchpad (no outer names given)', () => {
    const { text, position } = withCursor('GET accounts?$top={{|}}');
    const labels = completeAt(text, position, {})?.items.map((i) => i.label) ?? [];
    assert.ok(!labels.includes('top') && !labels.includes('list'));
  });
});
