/**
 * Budget amounts: dollars as a person types them ("1,500", "$99.95", 250) to integer micro-dollars,
 * exactly — the decimal text is split into digits, never multiplied as a float. A JS number is read
 * through its shortest round-trip text (`String(0.1)` is "0.1"), which is the decimal the sender wrote.
 * lib/pricing/parse-price.ts parses $/MTok with at most six whole digits; budgets need nine.
 */

export const MICROS_PER_DOLLAR = 1_000_000;
/** $100,000,000: anything above is a typo (an extra zero or two), not a budget. */
export const MAX_BUDGET_MICROS = 100_000_000 * MICROS_PER_DOLLAR;

export type AmountIssue = 'amount_invalid' | 'amount_too_precise' | 'amount_not_positive' | 'amount_too_large';

export const AMOUNT_MESSAGES: Record<AmountIssue, string> = {
  amount_invalid: 'Enter an amount in dollars, e.g. 1500 or 99.95.',
  amount_too_precise: 'Amounts have at most six decimal places (one micro-dollar).',
  amount_not_positive: 'The amount must be more than $0.',
  amount_too_large: 'The amount must be at most $100,000,000.',
};

const DOLLARS = /^\s*\$?\s*(-)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?\s*$/;

/** Dollars (text or number) to micro-dollars, or the reason it is refused. */
export function parseDollarAmount(input: string | number): { micros: number } | { issue: AmountIssue } {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { issue: 'amount_invalid' };
    if (input <= 0) return { issue: 'amount_not_positive' };
    if (input > MAX_BUDGET_MICROS / MICROS_PER_DOLLAR) return { issue: 'amount_too_large' };
    // Below 1e21 only numbers under 1e-6 print with an exponent: finer than a micro-dollar.
    if (/e/i.test(String(input))) return { issue: 'amount_too_precise' };
  }
  const m = DOLLARS.exec(String(input));
  if (!m) return { issue: 'amount_invalid' };
  const whole = m[2]!.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > 6) return { issue: 'amount_too_precise' };
  // Compare digit counts first: a whole part of 20 digits must not become an imprecise number.
  if (whole.length > 9) return { issue: m[1] ? 'amount_not_positive' : 'amount_too_large' };
  const micros = Number(whole) * MICROS_PER_DOLLAR + Number(fraction.padEnd(6, '0'));
  if (m[1] || micros <= 0) return { issue: 'amount_not_positive' };
  if (micros > MAX_BUDGET_MICROS) return { issue: 'amount_too_large' };
  return { micros };
}

/**
 * Exact decimal dollars of micro-dollars, at least two decimals, trailing zeros trimmed beyond them:
 * 81_230_000 → "81.23", 1_500 → "0.0015", -2_000_000 → "-2.00". For payloads and form inputs.
 */
export function microsToDollarString(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = BigInt(Math.abs(Math.trunc(micros)));
  const whole = abs / 1_000_000n;
  const frac = String(abs % 1_000_000n)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${whole}.${frac}`;
}
