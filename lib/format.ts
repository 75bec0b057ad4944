/**
 * Display formats shared by every page. Times take the organisation's time zone (pages pass it; UTC when
 * they do not), and a full date-time names its zone.
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
