// What start-up needs to know of scratchpads (their language, the providers' trigger characters),
// without the parser: the rest of the scratchpad loads with the first one opened (see engine.ts).
import type * as vscode from 'vscode';
import { SCRATCHPAD_LANGUAGE_ID } from '../core/query/syntax/syntax';

export const SCRATCHPAD_SELECTOR: vscode.DocumentSelector = [{ language: SCRATCHPAD_LANGUAGE_ID }];

/** Characters after which VS Code asks for completions without Ctrl+Space. */
export const COMPLETION_TRIGGERS = ['?', '&', '=', ',', '(', '/', '$', '{', '.', '<', '"', "'", ';', ':', ' '];

export function isScratchpad(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
  return document?.languageId === SCRATCHPAD_LANGUAGE_ID;
}
