import { resolvePeriod } from '@/lib/time/periods';

/**
 * Which tier each agent mode needs by default — the routing practice the product is built on: frontier
 * models for planning, architecture and debugging; balanced for coding and orchestration; economy for
 * questions. A turn served by a more expensive tier than its mode needs is a candidate for routing.
 * (Routing tables will make this per organisation; until then these defaults decide, in one place.)
 */
export const DEFAULT_MODE_TIERS: Record<string, string> = {
  plan: 'frontier',
  architect: 'frontier',
  debug: 'frontier',
  orchestrator: 'balanced',
  code: 'balanced',
  ask: 'economy',
};

const RANK: Record<string, number> = { frontier: 3, balanced: 2, economy: 1 };

/** The cheaper tier that would have sufficed for this turn, or null. */
export function cheaperTierFor(mode: string | null, servedTier: string): string | null {
  const needed = mode ? DEFAULT_MODE_TIERS[mode] : undefined;
  if (!needed || RANK[servedTier] === undefined) return null;
  return RANK[servedTier]! > RANK[needed]! ? needed : null;
}

export const SESSION_PERIODS = { '7d': 7, '30d': 30, '90d': 90, all: null } as const;
export type SessionPeriod = keyof typeof SESSION_PERIODS;

/** Local midnight starting the last N days (today included) in the organisation's zone; null: all time. */
export function periodStart(period: SessionPeriod, now: Date, timeZone: string): Date | null {
  return period === 'all' ? null : resolvePeriod({ range: period }, now, timeZone).from;
}
