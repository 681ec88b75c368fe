// `{{name}}` substitution: request variables over file variables, values that refer to other
// variables (with cycles reported, not followed forever), system values ($guid, $timestamp) and
// values read from a named request's response. Errors say which name and what to do. Values from
// responses stay marked as outside data, so `placement.ts` encodes them for where they land.
import * as l10n from '@vscode/l10n';
import { diagnostic, type Diagnostic, type ResolveCode } from '../syntax/diagnostic';
import { editDistance } from '../syntax/names';
import { placePieces, type Piece, type Placement } from './placement';
import { readResponse, type RecordedResponse } from './responses';
import type { VariableDefinition } from '../syntax/syntax';
import type { Range } from '../syntax/text';

export interface VariableReference {
  /** The text inside the braces, trimmed: `top`, `create.id`, `$guid`. */
  readonly expression: string;
  readonly start: number;
  readonly end: number;
}

const REFERENCE = /\{\{([^{}\r\n]*?)\}\}/g;

export function findReferences(text: string): VariableReference[] {
  if (!text.includes('{{')) return [];
  const out: VariableReference[] = [];
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(text); m; m = REFERENCE.exec(text)) {
    out.push({ expression: m[1]!.trim(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Where `{{x}}` sends its reader: `create.response.body.name` → root `create`, path [response, body, name]. */
export function splitExpression(expression: string): { root: string; path: string[] } {
  const m = /^([^.[]*)(.*)$/.exec(expression)!;
  const rest = m[2]!.startsWith('.') ? m[2]!.slice(1) : m[2]!;
  return { root: m[1]!, path: rest ? rest.split('.') : [] };
}

export interface SystemValues {
  now(): Date;
  newGuid(): string;
}

export interface VariableScope {
  readonly file: readonly VariableDefinition[];
  readonly request: readonly VariableDefinition[];
  /** Named requests of the document and the range of each name. */
  readonly requestNames: ReadonlyMap<string, Range>;
  /** Variables other requests set for themselves, to explain why they are not seen here. */
  readonly elsewhere?: ReadonlyMap<string, Range>;
  readonly responses?: (name: string) => RecordedResponse | undefined;
  readonly primaryIdOf?: (entitySet: string) => string | undefined;
  readonly system: SystemValues;
}

/** A value in pieces: the user's own text, and text read from a response (marked with its `{{…}}`). */
type Part = { readonly text: string; readonly from?: string };
/** `located`: the message already says which variable's value it is about ("In @x (line 3): …"). */
type Value =
  { ok: true; parts: readonly Part[] } | { ok: false; code: ResolveCode; message: string; located?: boolean };

function plain(text: string): Value {
  return { ok: true, parts: [{ text }] };
}

export interface Substitution {
  readonly text: string;
  readonly changed: boolean;
  readonly errors: readonly Diagnostic[];
}

export class VariableResolver {
  private readonly values = new Map<string, Value>();

  constructor(private readonly scope: VariableScope) {}

  /**
   * Replaces every `{{…}}` in text; `rangeOf` maps offsets in text to the document for errors.
   * `where` says what the text is, so values from responses are encoded for it (the URL, the
   * strictest, unless told otherwise); the user's own variables go in as written.
   */
  substitute(text: string, rangeOf: (start: number, end: number) => Range, where: Placement = 'url'): Substitution {
    const refs = findReferences(text);
    if (refs.length === 0) return { text, changed: false, errors: [] };
    const errors: Diagnostic[] = [];
    const pieces: Piece[] = [];
    let last = 0;
    for (const ref of refs) {
      const v = this.reference(ref.expression, []);
      pieces.push({ text: text.slice(last, ref.start) });
      if (v.ok) {
        for (const p of v.parts) {
          pieces.push(
            p.from === undefined
              ? { text: p.text }
              : {
                  text: p.text,
                  outside: { expression: p.from, reference: ref.expression, start: ref.start, end: ref.end },
                },
          );
        }
      } else {
        pieces.push({ text: text.slice(ref.start, ref.end) });
        errors.push(diagnostic(v.code, 'error', v.message, rangeOf(ref.start, ref.end)));
      }
      last = ref.end;
    }
    pieces.push({ text: text.slice(last) });
    if (errors.length > 0) return { text: pieces.map((p) => p.text).join(''), changed: true, errors };
    const placed = placePieces(pieces, where, rangeOf);
    return { text: placed.text, changed: true, errors: placed.errors };
  }

  /** Names a reference here could use (for "did you mean" and completion). */
  knownNames(): string[] {
    return [
      ...new Set(
        [...this.scope.request, ...this.scope.file].map((d) => d.name).concat([...this.scope.requestNames.keys()]),
      ),
    ];
  }

  private definition(name: string): VariableDefinition | undefined {
    const find = (defs: readonly VariableDefinition[]): VariableDefinition | undefined => {
      for (let i = defs.length - 1; i >= 0; i--) if (defs[i]!.name === name) return defs[i];
      return undefined;
    };
    return find(this.scope.request) ?? find(this.scope.file);
  }

  private reference(expression: string, stack: readonly string[]): Value {
    if (expression === '') {
      return { ok: false, code: 'undefined-variable', message: l10n.t('"{{}}" names no variable.') };
    }
    if (expression.startsWith('$')) return this.system(expression);
    const { root, path } = splitExpression(expression);
    if (path.length > 0 || expression.includes('[')) return this.response(expression, root, path);
    return this.variable(root, stack);
  }

  private system(expression: string): Value {
    switch (expression) {
      case '$guid':
        return plain(this.scope.system.newGuid());
      case '$timestamp':
        return plain(String(Math.floor(this.scope.system.now().getTime() / 1000)));
      case '$isoTimestamp':
        return plain(this.scope.system.now().toISOString());
      default:
        return {
          ok: false,
          code: 'undefined-variable',
          message: l10n.t(
            '{0} is not a system value. Use {{$guid}}, {{$timestamp}} or {{$isoTimestamp}}.',
            `{{${expression}}}`,
          ),
        };
    }
  }

  private variable(name: string, stack: readonly string[]): Value {
    const cached = this.values.get(name);
    if (cached) return cached;
    if (stack.includes(name)) {
      const cycle = [...stack.slice(stack.indexOf(name)), name].map((n) => `@${n}`).join(' → ');
      return {
        ok: false,
        code: 'variable-cycle',
        message: l10n.t('These variables refer to each other in a circle: {0}. Give one of them a plain value.', cycle),
      };
    }
    const def = this.definition(name);
    if (!def) return this.undefinedVariable(name);
    const parts: Part[] = [];
    let last = 0;
    for (const ref of findReferences(def.value)) {
      const inner = this.reference(ref.expression, [...stack, name]);
      if (!inner.ok) {
        if (inner.located) return inner;
        const message = l10n.t('In @{0} (line {1}): {2}', name, def.range.start.line + 1, inner.message);
        return { ...inner, message, located: true };
      }
      parts.push({ text: def.value.slice(last, ref.start) }, ...inner.parts);
      last = ref.end;
    }
    parts.push({ text: def.value.slice(last) });
    const result: Value = { ok: true, parts };
    this.values.set(name, result);
    return result;
  }

  private undefinedVariable(name: string): Value {
    if (this.scope.requestNames.has(name)) {
      return {
        ok: false,
        code: 'undefined-variable',
        message: l10n.t(
          '"{0}" is a request: use {1} for the row it created, or {2}.',
          name,
          `{{${name}.id}}`,
          `{{${name}.response.body.<property>}}`,
        ),
      };
    }
    const other = this.scope.elsewhere?.get(name);
    if (other) {
      return {
        ok: false,
        code: 'undefined-variable',
        message: l10n.t(
          '@{0} is set in another request (line {1}), where it applies only to that request. Move it above the first "###" to use it everywhere.',
          name,
          other.start.line + 1,
        ),
      };
    }
    const close = this.knownNames().filter((n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= 2);
    const message =
      close.length > 0
        ? l10n.t('{0} is not defined. Did you mean {1}?', `{{${name}}}`, `{{${close[0]}}}`)
        : l10n.t(
            '{0} is not defined. Set it with a line such as "@{1} = value" at the top of the file.',
            `{{${name}}}`,
            name,
          );
    return { ok: false, code: 'undefined-variable', message };
  }

  private response(expression: string, root: string, path: string[]): Value {
    const named = this.scope.requestNames.get(root);
    if (!named) {
      const reference = `{{${expression}}}`;
      const message = this.definition(root)
        ? l10n.t(
            '{0}: there is no request named "{1}". @{1} is a variable; only a named request ("# @name {1}") has a response to read.',
            reference,
            root,
          )
        : l10n.t(
            '{0}: there is no request named "{1}". Name a request with "# @name {1}" to read its response.',
            reference,
            root,
          );
      return { ok: false, code: 'undefined-variable', message };
    }
    const recorded = this.scope.responses?.(root);
    if (!recorded) {
      return {
        ok: false,
        code: 'response-not-run',
        message: l10n.t(
          '{0} reads the response of "{1}" (line {2}), which has not run yet. Run it first.',
          `{{${expression}}}`,
          root,
          named.start.line + 1,
        ),
      };
    }
    const read = readResponse(root, path, recorded, this.scope.primaryIdOf);
    return read.ok
      ? { ok: true, parts: [{ text: read.value, from: expression }] }
      : { ok: false, code: 'response-path', message: read.message };
  }
}
