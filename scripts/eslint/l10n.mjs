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
    // core's errors that take the user's message: new BatchError('...'), new CertificateError('...')…
    'NewExpression[callee.name=/^(BatchError|BatchResponseError|FetchXmlError|CertificateError|TenantDiscoveryError|HttpConfigurationError|ProxyError|ForeignHostError|AuthCallbackError)$/]',
    // { title, placeHolder, prompt, tooltip, message, detail, label, description, ... } in UI options,
    // quick-pick items, progress, diagnostics and results
    // (not the { message, args, comment } argument of l10n.t itself)
    "Property[key.name=/^(title|placeHolder|prompt|tooltip|message|detail|label|description|validationMessage|invocationMessage|summary|hint)$/]:not(CallExpression[callee.property.name='t'] > ObjectExpression > Property)",
    // The query languages' own error paths (src/core/query/sql, src/core/query/convert): the parser's
    // c.error(message), the translator's ctx.error(code, message) and f.ctx.error, the lexer's
    // lexError(message), and the errors thrown with a message for the user.
    "CallExpression[callee.property.name='error'][callee.object.name=/^(c|ctx)$/]",
    "CallExpression[callee.property.name='error'][callee.object.property.name='ctx']",
    "CallExpression[callee.name='lexError']",
    'NewExpression[callee.name=/^(ConvertError|DmlError|DmlSyntaxError|Problem)$/]',
    // the scratchpad's own helpers that take a message: diagnostic(code, severity, message, …) in
    // core/query, report(…, message) in bodyDiagnostics, cannotConvert(message) in sqlConversions,
    // fetchError(code, message, range) in fetchXml, write(operation, summary) in safety
    'CallExpression[callee.name=/^(diagnostic|report|cannotConvert|fetchError|write)$/]',
  ];
  return places.flatMap(sentenceIn).map((selector) => ({ selector, message: MESSAGE }));
}
