/** Display formats shared by every page. Times are shown in UTC until the organisation time-zone setting exists. */
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
const integer = new Intl.NumberFormat('en-US');

export function formatDateTime(value: Date | null | undefined): string {
  return value ? `${dateTime.format(value)} UTC` : '—';
}

export function formatDate(value: Date | null | undefined): string {
  return value ? date.format(value) : '—';
}

export function formatInteger(value: number): string {
  return integer.format(value);
}
