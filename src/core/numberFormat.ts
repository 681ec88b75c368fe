// Numbers in messages as VS Code's display language writes them ("5.000 Zeilen", "1,5 s" in German),
// not as the process locale or en-US would: the extension sets the language once at activation.
// Only for text a person reads; numbers in requests, files, logs and telemetry stay as code writes them.

const DEFAULT_LOCALE = 'en';

let locale = DEFAULT_LOCALE;
/** One formatter per locale and shape: building an Intl.NumberFormat is far slower than using one. */
const formatters = new Map<string, Intl.NumberFormat>();

/**
 * The display language (`vscode.env.language`, e.g. "de", "pt-br"). A language Intl does not know
 * (or a malformed tag, e.g. VS Code's pseudo-locale "qps-ploc") falls back to English, never throws.
 */
export function setDisplayLocale(language: string | undefined): void {
  locale = supportedLocale(language);
}

/** The locale numbers are formatted for now. */
export function displayLocale(): string {
  return locale;
}

/** A count as a grouped whole number: 5000 → "5,000" (en), "5.000" (de). */
export function formatCount(n: number): string {
  return formatter('count', 0).format(n);
}

/** A number with exactly `digits` decimals, grouped: formatDecimal(1234.5, 1) → "1.234,5" (de). */
export function formatDecimal(n: number, digits: number): string {
  const places = Math.min(20, Math.max(0, Math.trunc(digits)));
  return formatter('decimal', places).format(n);
}

/** A duration: "120 ms" under a second, "1.5 s" under ten, then whole seconds ("42 s"). */
export function formatDuration(ms: number): string {
  // ms and s are SI symbols, the same in every language the extension speaks.
  if (ms < 1000) return `${formatCount(Math.round(ms))} ms`;
  return ms < 10_000 ? `${formatDecimal(ms / 1000, 1)} s` : `${formatCount(ms / 1000)} s`;
}

function formatter(shape: 'count' | 'decimal', digits: number): Intl.NumberFormat {
  const key = `${locale}|${shape}|${digits}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, {
      useGrouping: true,
      minimumFractionDigits: shape === 'count' ? 0 : digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, found);
  }
  return found;
}

function supportedLocale(language: string | undefined): string {
  if (!language) return DEFAULT_LOCALE;
  try {
    return Intl.NumberFormat.supportedLocalesOf([language])[0] ?? DEFAULT_LOCALE;
  } catch {
    // A RangeError for a tag that is not BCP 47 at all.
    return DEFAULT_LOCALE;
  }
}
