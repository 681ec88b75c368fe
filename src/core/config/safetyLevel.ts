// A connection's safety level (development, production, read-only) as one value, and whether a
// change of it may happen without a question: a level that came in as a command argument (a link,
// another extension) must not lower the safety unless the person says so in a modal that names the
// connection. Raising it, or the person's own pick in the quick pick, needs no question.
import * as l10n from '@vscode/l10n';

export type SafetyLevel = 'normal' | 'production' | 'readOnly';

/** Least careful first. */
const ORDER: readonly SafetyLevel[] = ['normal', 'production', 'readOnly'];

export function isSafetyLevel(value: unknown): value is SafetyLevel {
  return (ORDER as readonly unknown[]).includes(value);
}

/** The level of an org's connections: read-only wins over production (strictest first). */
export function safetyLevelOf(safety: { readonly readOnly: boolean; readonly production: boolean }): SafetyLevel {
  return safety.readOnly ? 'readOnly' : safety.production ? 'production' : 'normal';
}

/** Where the new level came from: the person's pick in the quick pick, or a command argument. */
export type SafetyOrigin = 'picked' | 'argument';

/** 'ask' only when an argument lowers the level (readOnly → production/normal, production → normal). */
export function safetyChange(current: SafetyLevel, next: SafetyLevel, origin: SafetyOrigin): 'set' | 'ask' {
  return origin === 'argument' && ORDER.indexOf(next) < ORDER.indexOf(current) ? 'ask' : 'set';
}

/** The level's name as the quick pick shows it. */
export function safetyLevelLabel(level: SafetyLevel): string {
  switch (level) {
    case 'normal':
      return l10n.t('Development');
    case 'production':
      return l10n.t('Production');
    case 'readOnly':
      return l10n.t('Read-only');
  }
}

export interface LowerSafetyPrompt {
  readonly message: string;
  readonly detail: string;
  /** The one button that lowers the level. */
  readonly lower: string;
}

/**
 * The modal question before an argument lowers the level. `where` names the connection from the
 * settings ("Sandbox (https://…)"); all of it is plain text that the caller shows inert.
 */
export function lowerSafetyPrompt(where: string, current: SafetyLevel, next: SafetyLevel): LowerSafetyPrompt {
  const to = safetyLevelLabel(next);
  return {
    message: l10n.t({
      message: 'A link or another extension asks to lower the safety of {0} from {1} to {2}. Lower it?',
      args: [where, safetyLevelLabel(current), to],
      comment: ['{0} names the connection and its URL; {1} and {2} are levels, e.g. "Read-only" and "Development"'],
    }),
    detail:
      next === 'normal'
        ? l10n.t('Writes to this organization would then be sent as written, without a question.')
        : l10n.t('Writes to this organization would then be sent after a confirmation.'),
    lower: l10n.t({ message: 'Lower to {0}', args: [to], comment: ['{0} is a level, e.g. "Development"'] }),
  };
}
