// What fast-xml-parser's validator says about text that is not well-formed XML, as a sentence a
// person can act on. Its message for elements left open at the end lists them as a JSON array
// ("Invalid '[    "fetch",    "entity"]' found."); that one is said in words.
import * as l10n from '@vscode/l10n';

export interface XmlValidatorError {
  readonly code: string;
  readonly msg: string;
}

export function xmlProblem(err: XmlValidatorError): string {
  const open = /^Invalid '\[([\s\S]*)\]' found\.$/.exec(err.msg);
  if (err.code === 'InvalidXml' && open) {
    const names = [...open[1]!.matchAll(/"([^"]*)"/g)].map((m) => `<${m[1]}>`);
    if (names.length > 0) {
      return l10n.t('The text ends with elements still open: {0}. Close each one.', names.join(', '));
    }
  }
  return err.msg;
}
