import { describe, expect, it } from 'vitest';
import { cheaperTierFor, periodStart } from '@/lib/sessions/tier-advice';

describe('tier advice', () => {
  it('flags a turn served above its mode’s default tier, and only then', () => {
    expect(cheaperTierFor('ask', 'frontier')).toBe('economy');
    expect(cheaperTierFor('code', 'frontier')).toBe('balanced');
    expect(cheaperTierFor('ask', 'balanced')).toBe('economy');
    expect(cheaperTierFor('plan', 'frontier')).toBeNull();
    expect(cheaperTierFor('code', 'economy')).toBeNull();
    expect(cheaperTierFor(null, 'frontier')).toBeNull();
    expect(cheaperTierFor('custom-mode', 'frontier')).toBeNull();
    expect(cheaperTierFor('ask', 'unclassified')).toBeNull();
  });

  it('turns a period preset into a start time', () => {
    const now = new Date('2026-11-28T03:00:00Z');
    expect(periodStart('7d', now, 'UTC')?.toISOString()).toBe('2026-11-22T00:00:00.000Z'); // 7 local days, today included
    expect(periodStart('7d', now, 'America/New_York')?.toISOString()).toBe('2026-11-21T05:00:00.000Z');
    expect(periodStart('all', now, 'UTC')).toBeNull();
  });
});
