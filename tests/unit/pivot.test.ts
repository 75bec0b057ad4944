import { describe, expect, it } from 'vitest';
import { pivotByDay, utcDays } from '@/lib/charts/pivot';

describe('chart pivot', () => {
  it('lists every UTC day, including empty ones', () => {
    expect(utcDays(new Date('2026-10-30T15:00:00Z'), new Date('2026-11-02T01:00:00Z'))).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('makes one row per day and one column per key, keys ranked by total, values summed exactly', () => {
    const { keys, rows, totals } = pivotByDay(
      [
        { day: '2026-11-01', key: 'code', costMicros: 5 },
        { day: '2026-11-01', key: 'ask', costMicros: 7 },
        { day: '2026-11-02', key: 'code', costMicros: 10 },
      ],
      ['2026-10-31', '2026-11-01', '2026-11-02'],
    );
    expect(keys).toEqual(['code', 'ask']);
    expect(rows).toEqual([
      { day: '2026-10-31', code: 0, ask: 0 },
      { day: '2026-11-01', code: 5, ask: 7 },
      { day: '2026-11-02', code: 10, ask: 0 },
    ]);
    expect(totals.get('code')).toBe(15);
  });
});
