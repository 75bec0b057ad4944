import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BudgetScope, budgetOrThrow } from '@/lib/budgets/schema';
import { compileScope } from '@/lib/budgets/scope';
import { MAX_COMBOS, mergeTouches, type TouchedRow, touchOfRows, touchTestOf } from '@/lib/budgets/touch';

const P1 = '00000000-0000-0000-0000-0000000000a1';
const P2 = '00000000-0000-0000-0000-0000000000a2';
const scopeOf = (scope: unknown): BudgetScope =>
  budgetOrThrow({ name: 'b', period: { kind: 'month' }, amount: 100, scope }, { knownTiers: ['frontier', 'economy'] }).scope;
const DEC = { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') };
const NOV = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };

function row(over: Partial<TouchedRow> = {}): TouchedRow {
  return {
    occurredAt: new Date('2026-12-10T12:00:00Z'),
    mode: 'code',
    task: 'feature',
    userId: 'ana',
    tier: 'frontier',
    model: 'gpt-5',
    provider: 'openai',
    tags: { team: 'payments' },
    ...over,
  };
}

describe('what a write touches', () => {
  it('matches the budgets whose scope one of its combinations satisfies, in a period its span overlaps', () => {
    const touch = touchOfRows(P1, [row(), row({ mode: 'plan', userId: 'bruno', tags: {} })])!;
    const test = (scope: unknown) => touchTestOf(scopeOf(scope), [touch]);
    expect(test({})(DEC)).toBe(true);
    expect(test({ project: [P1] })(DEC)).toBe(true);
    expect(test({ project: [P2] })(DEC)).toBe(false);
    expect(test({ mode: ['plan'], user: ['bruno'] })(DEC)).toBe(true);
    expect(test({ mode: ['plan'], user: ['ana'] })(DEC)).toBe(false); // no event was both
    expect(test({ tags: { team: ['payments'] }, mode: ['code'] })(DEC)).toBe(true);
    expect(test({ tags: { team: ['payments'] }, mode: ['plan'] })(DEC)).toBe(false);
    expect(test({ model: ['claude-sonnet-4-5'] })(DEC)).toBe(false);
    expect(test({})(NOV)).toBe(false); // 9 days after November's end, beyond the margin
  });

  it('keeps only project and span past the combination cap, and merges touches per project', () => {
    const many = Array.from({ length: MAX_COMBOS + 5 }, (_, i) => row({ userId: `u${i}` }));
    const wide = touchOfRows(P1, many)!;
    expect(wide.combos).toBeNull();
    expect(touchTestOf(scopeOf({ model: ['nothing-like-it'] }), [wide])(DEC)).toBe(true);
    expect(touchTestOf(scopeOf({ project: [P2] }), [wide])(DEC)).toBe(false);
    const a = touchOfRows(P1, [row({ occurredAt: new Date('2026-11-05T00:00:00Z') })])!;
    const b = touchOfRows(P1, [row({ mode: 'plan' })])!;
    const c = touchOfRows(P2, [row()])!;
    const merged = mergeTouches([a, b, c]);
    expect(merged).toHaveLength(2);
    const p1 = merged.find((m) => m.projectId === P1)!;
    expect([p1.from, p1.to]).toEqual([a.from, b.to]);
    expect(p1.combos).toHaveLength(2);
    expect(touchTestOf(scopeOf({ mode: ['plan'] }), merged)(NOV)).toBe(true); // the span covers November too
  });

  it('never misses a budget an event of the write matches (property)', () => {
    const value = (xs: string[]) => fc.constantFrom(...xs);
    const arbRow = fc.record({
      mode: value(['code', 'plan', 'ask']),
      userId: value(['ana', 'bruno', 'chen']),
      model: value(['gpt-5', 'gpt-5-mini']),
      team: value(['payments', 'infra']),
      day: fc.integer({ min: 1, max: 28 }),
    });
    const arbScope = fc.record(
      {
        mode: fc.subarray(['code', 'plan', 'ask'], { minLength: 1 }),
        user: fc.subarray(['ana', 'bruno', 'chen'], { minLength: 1 }),
        model: fc.subarray(['gpt-5', 'gpt-5-mini'], { minLength: 1 }),
        tags: fc.record({ team: fc.subarray(['payments', 'infra'], { minLength: 1 }) }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 20 }), arbScope, (specs, rawScope) => {
        const rows = specs.map((s) =>
          row({
            mode: s.mode,
            userId: s.userId,
            model: s.model,
            tags: { team: s.team },
            occurredAt: new Date(Date.UTC(2026, 11, s.day, 10)),
          }),
        );
        const scope = scopeOf(rawScope);
        const matches = compileScope(scope);
        const anyEvent = rows.some((r) =>
          matches({
            project: P1,
            mode: r.mode,
            user: r.userId,
            model: r.model,
            tier: r.tier,
            provider: r.provider,
            task: r.task,
            tags: r.tags,
          }),
        );
        const touched = touchTestOf(scope, [touchOfRows(P1, rows)!])(DEC);
        if (anyEvent) expect(touched).toBe(true);
        else expect(touched).toBe(false);
      }),
    );
  });
});
