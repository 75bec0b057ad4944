import { resolvePeriod } from '@/lib/time/periods';

/** The period presets of the Sessions page. */
export const SESSION_PERIODS = { '7d': 7, '30d': 30, '90d': 90, all: null } as const;
export type SessionPeriod = keyof typeof SESSION_PERIODS;

/** Local midnight starting the last N days (today included) in the organisation's zone; null: all time. */
export function periodStart(period: SessionPeriod, now: Date, timeZone: string): Date | null {
  return period === 'all' ? null : resolvePeriod({ range: period }, now, timeZone).from;
}
