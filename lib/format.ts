/**
 * The one module of display formats: money, tokens, percentages and times, for every page, component,
 * chart and CSV. Times take the organisation's time zone (pages pass it; UTC when they do not), and a full
 * date-time names its zone.
 */
const integer = new Intl.NumberFormat('en-US');
const STYLES = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  short: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();

function format(style: keyof typeof STYLES, value: Date, timeZone: string): string {
  const key = `${style}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone });
    formatters.set(key, f);
  }
  return f.format(value);
}

export function formatDateTime(value: Date | null | undefined, timeZone = 'UTC'): string {
  return value ? `${format('dateTime', value, timeZone)} ${timeZone}` : '—';
}

/** "27 Nov, 16:51", for dense tables (the zone is named in the column header). */
export function formatShortDateTime(value: Date, timeZone = 'UTC'): string {
  return format('short', value, timeZone);
}

export function formatTime(value: Date, timeZone = 'UTC'): string {
  return format('time', value, timeZone);
}

export function formatDate(value: Date | null | undefined, timeZone = 'UTC'): string {
  return value ? format('date', value, timeZone) : '—';
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

const dollars2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const group = (whole: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Trailing zeros of a decimal's fraction dropped down to `keep` digits (`0.5000` → `0.50`). */
function trimFraction(text: string, keep: number): string {
  const [whole, frac = ''] = text.split('.');
  const kept = frac.replace(/0+$/, '').padEnd(keep, '0');
  return kept.length > 0 ? `${whole}.${kept}` : whole!;
}

/**
 * Micro-dollars as dollars, one rule everywhere: 2 decimals from $1 (`$1,234.57`), 4 significant digits
 * below (`$0.1234`, `$0.5000`, `$0.001234`; never past the micro-dollar: `$0.000012`). The exact amount is
 * formatMicrosExact.
 */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  const dollars = micros / 1_000_000;
  if (Math.abs(dollars) >= 1 || micros === 0) return dollars2.format(dollars);
  const sign = dollars < 0 ? '-' : '';
  const significant = Math.abs(dollars).toPrecision(4);
  // 0.99996 rounds to 1.000: still shown with cents.
  if (Number(significant) >= 1) return dollars2.format(dollars < 0 ? -1 : 1);
  const [, frac = ''] = significant.split('.');
  return `${sign}$${frac.length > 6 ? trimFraction(significant, 6).slice(0, 8) : significant}`;
}

/** Micro-dollars exactly (`$12.345678`, `$3.10`): for tooltips next to a rounded figure. */
export function formatMicrosExact(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  // A fraction of a micro-dollar (a per-token price): to the nano-dollar.
  if (!Number.isInteger(micros)) return `${micros < 0 ? '-' : ''}$${trimFraction((Math.abs(micros) / 1e6).toFixed(9), 2)}`;
  const decimal = microsToDecimal(micros);
  const sign = decimal.startsWith('-') ? '-' : '';
  const [whole, frac] = decimal.replace('-', '').split('.');
  return `${sign}$${trimFraction(`${group(whole!)}.${frac}`, 2)}`;
}

/** Micro-dollars as an exact decimal dollar amount (`12.345678`), for CSV: no rounding, no symbol. */
export function microsToDecimal(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

const TOKEN_UNITS = [
  { at: 1e12, suffix: 'T' },
  { at: 1e9, suffix: 'B' },
  { at: 1e6, suffix: 'M' },
  { at: 1e3, suffix: 'k' },
] as const;

/** A count abbreviated to 3 significant digits (`926 M`, `12.3 k`, `999`); formatInteger gives it exactly. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  for (const [i, unit] of TOKEN_UNITS.entries()) {
    if (abs < unit.at) continue;
    const scaled = value / unit.at;
    const digits = Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
    const shown = Number(scaled.toFixed(digits));
    // 999.96 k rounds to 1000 k: the next unit up says it better (1.00 M).
    if (Math.abs(shown) >= 1000 && i > 0) return `${(value / TOKEN_UNITS[i - 1]!.at).toFixed(2)} ${TOKEN_UNITS[i - 1]!.suffix}`;
    return `${shown.toFixed(digits)} ${unit.suffix}`;
  }
  return integer.format(value);
}

/** Tokens abbreviated (`926 M`); the exact count is formatInteger, shown in a tooltip. */
export const formatTokens = formatCompact;

/**
 * A chart axis tick in dollars, as short as its round value allows: `$20`, `$1.50`, `$0.25`, `$0.005`
 * (ticks are round by construction, lib/charts/ticks.ts, so no digit is lost).
 */
export function formatAxisDollars(micros: number): string {
  if (micros % 1_000_000 === 0) return `$${integer.format(micros / 1_000_000)}`;
  const text = formatMicros(micros);
  return Math.abs(micros) >= 1_000_000 ? text : text.replace(/^(-?\$\d+\.\d+?)0+$/, (_, kept: string) => trimFraction(kept, 2));
}

/** Milliseconds for people: `850 ms`, `1.25 s`, `12.5 s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s.toFixed(Math.abs(s) >= 10 ? 1 : 2)} s`;
}

/** A price in µ$ per million tokens as dollars, exactly (`$3.00`, `$0.075`). */
export function formatDollarsPerMTok(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const frac = String(micros % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `$${whole}${frac.length > 0 ? `.${frac.length < 2 ? frac.padEnd(2, '0') : frac}` : '.00'}`;
}

/** A percentage already computed (`12.3 %`). */
export function formatPercent(percent: number, digits = 1): string {
  return `${percent.toFixed(digits)} %`;
}

/** A part's share of a total to one decimal (`12.3 %`), or `—` when the total is zero. */
export function formatShare(part: number, total: number): string {
  return total > 0 ? formatPercent((part / total) * 100) : '—';
}

/** A part's share of a total in whole percent (`42 %`), or `empty` when the total is zero. */
export function formatWholeShare(part: number, total: number, empty = '—'): string {
  return total > 0 ? `${Math.round((part / total) * 100)} %` : empty;
}
