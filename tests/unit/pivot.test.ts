import { describe, expect, it } from 'vitest';
import { pivotByBucket } from '@/lib/charts/pivot';

describe('chart pivot', () => {
  it('makes one row per bucket (empty ones too) and one column per key, keys ranked by total, values summed exactly', () => {
    const { keys, rows, totals } = pivotByBucket(
      [
        { bucket: '2026-11-01T00:00', key: 'code', costMicros: 5 },
        { bucket: '2026-11-01T00:00', key: 'ask', costMicros: 7 },
        { bucket: '2026-11-02T00:00', key: 'code', costMicros: 10 },
      ],
      ['2026-10-31T00:00', '2026-11-01T00:00', '2026-11-02T00:00'],
    );
    expect(keys).toEqual(['code', 'ask']);
    expect(rows).toEqual([
      { bucket: '2026-10-31T00:00', code: 0, ask: 0 },
      { bucket: '2026-11-01T00:00', code: 5, ask: 7 },
      { bucket: '2026-11-02T00:00', code: 10, ask: 0 },
    ]);
    expect(totals.get('code')).toBe(15);
  });
});
