// The notification a request runs under shows what it does, and that summary holds the request's
// path as written: a `[label](target)` in it (a link's argument chose it) must show as text, never as
// a link that runs a command or opens a page on a click.
import { strict as assert } from 'node:assert';
import { runProgressTitle } from '../../../../src/core/query/run/progressTitle';
import { classifyHttp } from '../../../../src/core/query/run/safety';

/** What VS Code's notifications turn into a link or an icon: `[label](target)` and `$(name)`. */
const LINK_OR_ICON = /\[[^\]]*\]\([^)]*\)|\$\([^)]*\)/;

describe('the progress title of a run', () => {
  it('says what the request does', () => {
    assert.equal(runProgressTitle(classifyHttp('GET', 'accounts?$top=5').summary), 'Dynamics 365: reads accounts…');
  });

  it('shows a command link, a web link and an icon in the request path as text, each character kept', () => {
    const path = 'accounts/[x](command:y)/[docs](https://example.com/a)/$(alert)';
    const summary = classifyHttp('GET', path).summary;
    assert.ok(LINK_OR_ICON.test(summary), `the summary holds the path as written: ${summary}`);
    const title = runProgressTitle(summary);
    assert.ok(!LINK_OR_ICON.test(title), `a link or an icon in ${title}`);
    assert.equal(title.replace(/ /g, ''), `Dynamics365:reads${path}…`, 'only spaces were added');
    assert.match(title, /\[x\] \(command:y\)/);
    assert.match(title, /\[docs\] \(https:\/\/example\.com\/a\)/);
  });

  it('is inert for the summary of a write too (the path of a PATCH)', () => {
    const title = runProgressTitle(classifyHttp('PATCH', 'accounts(1)/[open](https://x.test)').summary);
    assert.ok(!LINK_OR_ICON.test(title), `a link in ${title}`);
  });
});
