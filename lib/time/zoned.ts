/**
 * Calendar arithmetic in an IANA time zone, with Intl only (Node 20 has no Temporal). Instants are
 * Dates; local times are plain parts. Daylight-saving days are 23 or 25 hours long, and a local
 * midnight is always found exactly, which is what period boundaries and buckets need.
 */

export interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl knows (`UTC`, `Europe/Paris`, …). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** Every zone offered in the settings, UTC first. */
export function timeZoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

/** Minutes the zone is ahead of UTC at this instant. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a local wall time. A time skipped by a spring-forward gap resolves to the first
 * instant after the gap; a time repeated by a fall-back resolves to its first occurrence.
 */
export function zonedToInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetMinutes(new Date(guess), timeZone) * 60_000;
    if (next === guess) break;
    guess = next;
  }
  // In a gap no instant shows this wall time: take the earlier candidate's end of gap.
  const shown = localParts(new Date(guess), timeZone);
  if (shown.hour !== hour || shown.day !== day) {
    const before = wall - offsetMinutes(new Date(guess - 86_400_000), timeZone) * 60_000;
    const after = wall - offsetMinutes(new Date(guess + 86_400_000), timeZone) * 60_000;
    return new Date(Math.max(before, after));
  }
  // Fall-back: the same wall time may also exist an hour earlier.
  const earlier = new Date(guess - 3_600_000);
  const e = localParts(earlier, timeZone);
  if (e.hour === hour && e.day === day) return earlier;
  return new Date(guess);
}

/** A calendar date (no time), as used for local days. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function localDate(instant: Date, timeZone: string): CalendarDate {
  const { year, month, day } = localParts(instant, timeZone);
  return { year, month, day };
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function addMonths(d: CalendarDate, months: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1 + months, 1));
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: Math.min(d.day, daysInMonth(t.getUTCFullYear(), t.getUTCMonth() + 1)),
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Local midnight of a calendar date, as an instant. */
export function startOfLocalDay(d: CalendarDate, timeZone: string): Date {
  return zonedToInstant(d.year, d.month, d.day, 0, timeZone);
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseCalendarDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysInMonth(d.year, d.month)) return null;
  return d;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
