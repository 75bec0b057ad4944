/** Display formats shared by every page. Times are shown in UTC until the organisation time-zone setting exists. */
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const integer = new Intl.NumberFormat('en-US');
const shortDateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });

export function formatDateTime(value: Date | null | undefined): string {
  return value ? `${dateTime.format(value)} UTC` : '—';
}

/** "27 Nov, 16:51" (UTC), for dense tables. */
export function formatShortDateTime(value: Date): string {
  return shortDateTime.format(value);
}

export function formatTime(value: Date): string {
  return timeOnly.format(value);
}

export function formatDate(value: Date | null | undefined): string {
  return value ? date.format(value) : '—';
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** Micro-dollars as dollars: cents above $1, more digits below so small costs stay visible. */
export function formatMicros(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return '—';
  const dollars = micros / 1_000_000;
  const digits = Math.abs(dollars) >= 1 || dollars === 0 ? 2 : Math.abs(dollars) >= 0.01 ? 4 : 6;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(dollars);
}
