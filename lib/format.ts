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

/** Micro-dollars as dollars: cents above $1, more digits below so small costs stay visible. */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  const dollars = micros / 1_000_000;
  const digits = Math.abs(dollars) >= 1 || dollars === 0 ? 2 : Math.abs(dollars) >= 0.01 ? 4 : 6;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(dollars);
}

/** Micro-dollars as an exact decimal dollar amount (`12.345678`), for CSV: no rounding, no symbol. */
export function microsToDecimal(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}

/** A chart axis tick: whole dollars from $1, cents below. */
export function formatAxisDollars(micros: number): string {
  return micros >= 1_000_000 ? `$${Math.round(micros / 1_000_000)}` : `$${(micros / 1_000_000).toFixed(2)}`;
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
