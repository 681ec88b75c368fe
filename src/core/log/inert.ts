// Text from outside the extension (an organization's error message, which any plug-in or custom API
// writes; a sign-in service's error description; a status line of a $batch part) must show as
// written and never act. VS Code's notifications turn `[label](command:…)`, `[label](https://…)`
// and `[label](file:…)` into links that run or open on a click, and the status bar turns `$(name)`
// into an icon. inertText breaks both syntaxes with a space, so nothing of it is a link or an icon.

/** The text with every `](` and `$(` split by a space: shown literally wherever VS Code shows it. */
export function inertText(text: string): string {
  // VS Code's notification link pattern needs `]` directly followed by `(`; the status bar's icon
  // pattern needs `$` directly followed by `(`. A backslash escape is not read by either.
  return text.replace(/\]\(/g, '] (').replace(/\$\(/g, '$ (');
}
