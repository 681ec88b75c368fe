// The Get Started walkthrough's manifest: every step completes on an event that exists (a declared
// command, a context key this extension sets, or VS Code's own), and shows a picture that ships
// (in .vscodeignore's allowlist), is small, and is described for screen readers.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_KEY, WALKTHROUGH } from '../../../src/core/ids';
import { manifest, root } from './manifest';
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
/** VS Code's own context keys and commands the steps use. */
const BUILT_IN_CONTEXT = new Set(['activeWebviewPanelId']);
const BUILT_IN_COMMANDS = new Set(['workbench.view.extension.dynamics365', 'workbench.action.files.save']);

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; altText?: string; markdown?: string };
  completionEvents?: string[];
}

describe('manifest: walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs?.find((w: { id: string }) => w.id === WALKTHROUGH.getStarted);
  const steps: Step[] = walkthrough?.steps ?? [];

  it('has the five first steps, in order', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['connect', 'browseTable', 'runQuery', 'openResults', 'saveScratchpad'],
    );
  });

  it('completes each step on a real event', () => {
    const contextKeys = new Set<string>(Object.values(CONTEXT_KEY));
    for (const step of steps) {
      assert.ok(step.completionEvents?.length, `step ${step.id} has no completionEvents`);
      for (const event of step.completionEvents!) {
        const [kind, rest] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(commands.has(rest), `step ${step.id}: ${rest} is not a declared command`);
        else if (kind === 'onContext') {
          const key = /^[\w.]+/.exec(rest)?.[0] ?? '';
          assert.ok(contextKeys.has(key) || BUILT_IN_CONTEXT.has(key), `step ${step.id}: nothing sets ${key}`);
        } else assert.fail(`step ${step.id}: unexpected completion event ${event}`);
      }
    }
  });

  it('links its buttons to commands that exist', () => {
    for (const step of steps) {
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(commands.has(id!) || BUILT_IN_COMMANDS.has(id!), `step ${step.id} links to unknown command ${id}`);
      }
    }
  });

  it('shows a shipped picture under 300 KB with alt text on every step', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/walkthrough\/\*\*$/m, '.vscodeignore does not let media/walkthrough/ into the VSIX');
    for (const step of steps) {
      const image = step.media.image;
      assert.ok(image?.startsWith('media/walkthrough/'), `step ${step.id}: its image is not in media/walkthrough/`);
      assert.ok(step.media.altText && step.media.altText.length > 20, `step ${step.id}: no alt text`);
      const size = statSync(join(root, image!)).size;
      assert.ok(size > 1000 && size < 300 * 1024, `step ${step.id}: ${image} is ${size} bytes`);
    }
  });
});
