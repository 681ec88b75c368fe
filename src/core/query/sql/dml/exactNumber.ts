// A number typed into a SQL write goes into the JSON body as a JavaScript number, which keeps about
// 15 to 17 significant digits. A value with more would be sent rounded (9007199254740993 goes out as
// …992) without a word, so it is refused instead: the check compares the digits typed with the
// digits the body would carry.

/** Digits without leading or trailing zeros and the power of ten of their first digit: "0.0120" → 12, -2. */
function significant(digits: string, firstDigitPower: number): { digits: string; power: number } {
  const lead = digits.length - digits.replace(/^0+/, '').length;
  const trimmed = digits.slice(lead).replace(/0+$/, '');
  return trimmed === '' ? { digits: '0', power: 0 } : { digits: trimmed, power: firstDigitPower - lead };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * The number `text` means when a JSON body carries it with the same digits ("12.50", "-3", "1e3",
 * "0.1"); undefined when it would be rounded (9007199254740993, 0.12345678901234567891) or is not a
 * decimal number at all.
 */
export function exactNumber(text: string): number | undefined {
  const typed = text.trim();
  const m = DECIMAL.exec(typed);
  if (!m || (m[2] ?? '') + (m[3] ?? '') === '') return undefined;
  const n = Number(typed);
  if (!Number.isFinite(n)) return undefined;
  const whole = m[2] ?? '';
  const want = significant(whole + (m[3] ?? ''), whole.length - 1 + Number(m[4] ?? 0));
  // toExponential() with no argument gives the fewest digits that read back as the same number,
  // which is what JSON.stringify writes: "1.235e+2".
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e') as [string, string];
  const got = significant(mantissa.replace('.', ''), Number(exponent));
  return want.digits === got.digits && (want.digits === '0' || want.power === got.power) ? n : undefined;
}
