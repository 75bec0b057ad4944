import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/database';

describe('monthly partitions', () => {
  it('are created once even when many sessions ask for the same month at the same moment', async () => {
    const t = await openTestDatabase();
    try {
      const names = await Promise.all(
        Array.from({ length: 8 }, () => t.rawQuery('select switchyard_ensure_usage_partition($1::date) as name', ['2027-02-14'])),
      );
      expect(new Set(names.map((r) => r[0]!.name))).toEqual(new Set(['usage_events_202702']));
      const [bounds] = await t.rawQuery(
        `select pg_get_expr(relpartbound, oid) as bound from pg_class where relname = 'usage_events_202702'`,
        [],
      );
      expect(bounds!.bound).toBe("FOR VALUES FROM ('2027-02-01 00:00:00+00') TO ('2027-03-01 00:00:00+00')");
    } finally {
      await t.destroy();
    }
  });
});
