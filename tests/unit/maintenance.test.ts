import { describe, expect, it } from 'vitest';
import { DEFAULT_MAINTENANCE_POLICY, maintenanceDue, USAGE_TABLES } from '@/db/maintenance';
import { ROLLUP_TABLES } from '@/lib/ingest/rollup-grains';

describe('embedded maintenance policy', () => {
  const policy = { afterEvents: 100, everyMs: 60_000 };
  it('is due only after enough events, not too soon after the last pass, and never twice at once', () => {
    expect(maintenanceDue({ eventsSince: 99, lastRunAt: 0, running: false }, 1e9, policy)).toBe(false);
    expect(maintenanceDue({ eventsSince: 100, lastRunAt: 0, running: false }, 1e9, policy)).toBe(true);
    expect(maintenanceDue({ eventsSince: 100, lastRunAt: 1e9 - 59_999, running: false }, 1e9, policy)).toBe(false);
    expect(maintenanceDue({ eventsSince: 100, lastRunAt: 1e9 - 60_000, running: false }, 1e9, policy)).toBe(true);
    expect(maintenanceDue({ eventsSince: 10_000, lastRunAt: 0, running: true }, 1e9, policy)).toBe(false);
  });

  it('covers every table ingestion writes, and waits for a real amount of traffic by default', () => {
    expect(USAGE_TABLES).toEqual(expect.arrayContaining(['usage_events', 'usage_event_ids', 'usage_sessions', ...ROLLUP_TABLES]));
    expect(DEFAULT_MAINTENANCE_POLICY.afterEvents).toBeGreaterThanOrEqual(1_000);
  });
});
