// Collects the problems found in a request URL, with ranges and "Change to" fixes. Its own file so
// the URL checks and the $filter checks they call share it without importing each other.
import * as l10n from '@vscode/l10n';
import type { MetadataSnapshot } from '../../metadata/model';
import { checkColumn, type ColumnDialect, type NameProblem } from './columnCheck';
import { diagnostic, type Diagnostic } from '../syntax/diagnostic';
import type { TableIndex } from './metadataIndex';
import type { Span } from '../syntax/odataPath';
import { targetRange, type TargetSyntax } from '../syntax/syntax';
import type { QuickFix } from '../syntax/text';

/** Reports problems in target text; `span` offsets are the target's. */
export class TargetReporter {
  readonly out: Diagnostic[] = [];

  constructor(
    readonly target: TargetSyntax,
    readonly metadata: MetadataSnapshot,
  ) {}

  range(span: { start: number; end: number }): Diagnostic['range'] {
    return targetRange(this.target, span.start, span.end);
  }

  replace(span: Span, newText: string): QuickFix {
    return { title: l10n.t('Change to "{0}"', newText), edits: [{ range: this.range(span), newText }] };
  }

  problem(p: NameProblem, span: Span, extra: QuickFix[] = []): void {
    const fixes = [
      ...(p.replacement ? [this.replace(span, p.replacement)] : []),
      ...(p.alternatives ?? []).map((a) => this.replace(span, a)),
      ...extra,
    ];
    this.out.push(diagnostic(p.code, p.severity, p.message, this.range(span), fixes));
  }

  column(
    table: TableIndex,
    span: Span,
    dialect: ColumnDialect,
    extra: (p: NameProblem) => QuickFix[] = () => [],
  ): void {
    if (!span.text || span.text.includes('{{')) return;
    const p = checkColumn(table, span.text, dialect);
    if (p) this.problem(p, span, extra(p));
  }
}
