// The title of the notification a request runs under. It says what the request does, and that
// summary holds the request's path as written (`reads accounts/[x](command:…)`), which a link's
// argument or a shared file chose: VS Code would show a `[label](target)` in it as a link that runs
// or opens on a click, so the title is made inert.
import * as l10n from '@vscode/l10n';
import { inertText } from '../../log/inert';

/** "Dynamics 365: reads accounts…", with nothing in it a link or an icon. */
export function runProgressTitle(summary: string): string {
  return inertText(
    l10n.t({
      message: 'Dynamics 365: {0}…',
      args: [summary],
      comment: ['{0} says what the request does, e.g. "reads accounts"'],
    }),
  );
}
