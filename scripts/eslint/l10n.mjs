// Selectors for ESLint's no-restricted-syntax that find user-facing text written as a plain literal
// instead of through l10n.t. A "sentence" is two words or more, so identifiers and codes pass.
const SENTENCE = '/[A-Za-z]{2,}[\\s,.:;!?]+[A-Za-z]/';
const MESSAGE =
  'User-facing text goes through l10n.t (vscode.l10n.t in src/, l10n.t from @vscode/l10n in src/core and the webview), with {0} placeholders instead of concatenation.';

/** Literal, template or concatenation that reads as a sentence. */
function sentenceIn(parent) {
  return [
    `${parent} > Literal[value=${SENTENCE}]`,
    `${parent} > TemplateLiteral:has(TemplateElement[value.raw=${SENTENCE}])`,
    `${parent} > BinaryExpression[operator='+']:has(Literal[value=${SENTENCE}])`,
  ];
}

export function userFacingLiterals() {
  const places = [
    // vscode.window.show{Information,Warning,Error}Message(text, ...buttons)
    'CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/]',
    // new UserError('...') and new vscode.TreeItem('...')
    "NewExpression[callee.name='UserError']",
    "NewExpression[callee.property.name='TreeItem']",
    // { title, placeHolder, prompt, tooltip, message, detail, label, description, ... } in UI options,
    // quick-pick items, progress, diagnostics and results
    // (not the `message` of l10n.t({ message, args, comment }): that one is the key itself)
    "Property[key.name=/^(title|placeHolder|prompt|tooltip|message|detail|label|description|validationMessage|invocationMessage|summary|hint)$/]:not(CallExpression[callee.property.name='t'] > ObjectExpression > Property)",
  ];
  return places.flatMap(sentenceIn).map((selector) => ({ selector, message: MESSAGE }));
}
