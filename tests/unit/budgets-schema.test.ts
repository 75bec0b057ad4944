import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BUDGET_MICROS, microsToDollarString, parseDollarAmount } from '@/lib/budgets/amount';
import { type BudgetIssueCode, budgetOrThrow, budgetToInput, parseBudgetInput } from '@/lib/budgets/schema';
import { AppError } from '@/lib/errors';

const ctx = { knownTiers: ['frontier', 'balanced', 'economy'] };
const base = { name: 'Platform team', period: { kind: 'month' }, amount: '1500' };
const issuesOf = (input: unknown, context = ctx) => {
  const r = parseBudgetInput(input, context);
  if (r.ok) throw new Error('expected a refusal');
  return r.issues.map((i) => [i.path, i.code] as [string, BudgetIssueCode]);
};

describe('dollar amounts', () => {
  it('parses dollars to micro-dollars exactly, as text or number', () => {
    expect(parseDollarAmount('1500')).toEqual({ micros: 1_500_000_000 });
    expect(parseDollarAmount(' $1,500.25 ')).toEqual({ micros: 1_500_250_000 });
    expect(parseDollarAmount('0.000001')).toEqual({ micros: 1 });
    expect(parseDollarAmount('99.950000')).toEqual({ micros: 99_950_000 });
    expect(parseDollarAmount(0.1)).toEqual({ micros: 100_000 }); // not 100000.00000000001
    expect(parseDollarAmount(0.3)).toEqual({ micros: 300_000 });
    expect(parseDollarAmount(1234.56)).toEqual({ micros: 1_234_560_000 });
    expect(parseDollarAmount('100000000')).toEqual({ micros: MAX_BUDGET_MICROS });
  });

  it('refuses zero, negatives, sub-micro precision, absurd sizes and junk, each with its reason', () => {
    expect(parseDollarAmount('0')).toEqual({ issue: 'amount_not_positive' });
    expect(parseDollarAmount('-5')).toEqual({ issue: 'amount_not_positive' });
    expect(parseDollarAmount(-0.5)).toEqual({ issue: 'amount_not_positive' });
    expect(parseDollarAmount('0.0000001')).toEqual({ issue: 'amount_too_precise' });
    expect(parseDollarAmount(1e-7)).toEqual({ issue: 'amount_too_precise' });
    expect(parseDollarAmount('100000000.000001')).toEqual({ issue: 'amount_too_large' });
    expect(parseDollarAmount('99999999999999999999')).toEqual({ issue: 'amount_too_large' });
    expect(parseDollarAmount(1e21)).toEqual({ issue: 'amount_too_large' });
    for (const junk of ['', 'abc', '1e3', '1,50', '1.2.3', '$', '12 000'])
      expect(parseDollarAmount(junk), junk).toEqual({ issue: 'amount_invalid' });
    expect(parseDollarAmount(Number.NaN)).toEqual({ issue: 'amount_invalid' });
    expect(parseDollarAmount(Number.POSITIVE_INFINITY)).toEqual({ issue: 'amount_invalid' });
  });

  it('round-trips every micro-dollar amount through its exact dollar text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_BUDGET_MICROS }), (micros) => {
        expect(parseDollarAmount(microsToDollarString(micros))).toEqual({ micros });
      }),
    );
    expect(microsToDollarString(81_230_000)).toBe('81.23');
    expect(microsToDollarString(1_500)).toBe('0.0015');
    expect(microsToDollarString(-2_000_000)).toBe('-2.00');
  });
});

describe('budget definition', () => {
  it('normalises a valid budget: defaults, lower-cased dimensions, sorted sets, exact amount', () => {
    const b = budgetOrThrow(
      {
        ...base,
        name: '  Platform team ',
        amount: '1,500.25',
        scope: { mode: ['Code', 'code ', 'ASK'], model: ['GPT-5', 'GPT-5'], user: ['Ana'], tags: { team: ['b', 'a', 'a'] } },
      },
      ctx,
    );
    expect(b).toEqual({
      name: 'Platform team',
      scope: {
        project: [],
        mode: ['ask', 'code'],
        task: [],
        user: ['Ana'],
        tier: [],
        model: ['GPT-5'],
        provider: [],
        tags: { team: ['a', 'b'] },
      },
      period: { kind: 'month' },
      amountMicros: 1_500_250_000,
      thresholds: [50, 80, 100],
      action: { kind: 'notify' },
      channelIds: [],
      paused: false,
    });
  });

  it('accepts rolling windows within their bounds and thresholds above 100 %', () => {
    const b = budgetOrThrow({ ...base, period: { kind: 'rolling', unit: 'days', length: 366 }, thresholds: [90, 100, 150] }, ctx);
    expect(b.period).toEqual({ kind: 'rolling', unit: 'days', length: 366 });
    expect(budgetOrThrow({ ...base, period: { kind: 'rolling', unit: 'hours', length: 2160 } }, ctx).period).toMatchObject({
      length: 2160,
    });
    expect(issuesOf({ ...base, period: { kind: 'rolling', unit: 'hours', length: 2161 } })).toEqual([
      ['period.length', 'rolling_length_out_of_range'],
    ]);
    expect(issuesOf({ ...base, period: { kind: 'rolling', unit: 'days', length: 0 } })).toEqual([
      ['period.length', 'rolling_length_out_of_range'],
    ]);
    expect(issuesOf({ ...base, period: { kind: 'rolling', unit: 'weeks', length: 2 } })).toEqual([['period.unit', 'invalid_value']]);
    expect(issuesOf({ ...base, period: { kind: 'year' } })).toEqual([['period.kind', 'invalid_value']]);
  });

  it('refuses unknown keys anywhere — a misspelt dimension is an error, not "any"', () => {
    expect(issuesOf({ ...base, scope: { modes: ['code'] } })).toEqual([['scope.modes', 'unknown_key']]);
    expect(issuesOf({ ...base, period: { kind: 'week', start: 'sunday' } })).toEqual([['period.start', 'unknown_key']]);
    expect(issuesOf({ ...base, action: { kind: 'block', soft: true } })).toEqual([['action.soft', 'unknown_key']]);
    expect(issuesOf({ ...base, owner: 'me' })).toEqual([['owner', 'unknown_key']]);
  });

  it('checks thresholds: 1–5 whole percents of 1–1,000, strictly increasing', () => {
    expect(issuesOf({ ...base, thresholds: [80, 50] })).toEqual([['thresholds', 'thresholds_not_increasing']]);
    expect(issuesOf({ ...base, thresholds: [50, 50, 100] })).toEqual([['thresholds', 'thresholds_not_increasing']]);
    expect(issuesOf({ ...base, thresholds: [10, 20, 30, 40, 50, 60] })).toEqual([['thresholds', 'too_big']]);
    expect(issuesOf({ ...base, thresholds: [] })).toEqual([['thresholds', 'too_small']]);
    expect(issuesOf({ ...base, thresholds: [0, 1001] })).toEqual([
      ['thresholds.0', 'too_small'],
      ['thresholds.1', 'too_big'],
    ]);
    expect(issuesOf({ ...base, thresholds: [50.5] })).toEqual([['thresholds.0', 'invalid_type']]);
  });

  it('checks the amount with stable codes', () => {
    expect(issuesOf({ ...base, amount: 0 })).toEqual([['amount', 'amount_not_positive']]);
    expect(issuesOf({ ...base, amount: '200000000' })).toEqual([['amount', 'amount_too_large']]);
    expect(issuesOf({ ...base, amount: '1.0000001' })).toEqual([['amount', 'amount_too_precise']]);
    expect(issuesOf({ ...base, amount: 'lots' })).toEqual([['amount', 'amount_invalid']]);
    expect(issuesOf({ ...base, amount: null })).toEqual([['amount', 'invalid_value']]);
  });

  it('checks tiers against the known ones, and that a downgrade goes to a cheaper tier', () => {
    expect(issuesOf({ ...base, scope: { tier: ['Frontier', 'mega'] } })).toEqual([['scope.tier', 'unknown_tier']]);
    expect(issuesOf({ ...base, action: { kind: 'downgrade', tier: 'premium' } })).toEqual([['action.tier', 'unknown_tier']]);
    expect(issuesOf({ ...base, scope: { tier: ['balanced'] }, action: { kind: 'downgrade', tier: 'balanced' } })).toEqual([
      ['action.tier', 'downgrade_not_cheaper'],
    ]);
    const ok = budgetOrThrow({ ...base, scope: { tier: ['frontier'] }, action: { kind: 'downgrade', tier: 'Economy' } }, ctx);
    expect(ok.action).toEqual({ kind: 'downgrade', tier: 'economy' });
  });

  it('checks projects and channels against those that exist, when the caller knows them', () => {
    const p1 = '00000000-0000-0000-0000-000000000001';
    const c1 = '10000000-0000-0000-0000-000000000001';
    const known = { ...ctx, knownProjectIds: [p1], knownChannelIds: [c1] };
    expect(budgetOrThrow({ ...base, scope: { project: [p1.toUpperCase()] }, channelIds: [c1, c1] }, known)).toMatchObject({
      scope: { project: [p1] },
      channelIds: [c1],
    });
    expect(issuesOf({ ...base, scope: { project: ['00000000-0000-0000-0000-000000000002'] }, channelIds: ['x'] }, known)).toEqual([
      ['channelIds.0', 'invalid_value'],
    ]);
    expect(issuesOf({ ...base, scope: { project: ['00000000-0000-0000-0000-000000000002'] } }, known)).toEqual([
      ['scope.project', 'unknown_project'],
    ]);
    expect(issuesOf({ ...base, channelIds: ['20000000-0000-0000-0000-000000000009'] }, known)).toEqual([['channelIds', 'unknown_channel']]);
  });

  it('checks tag keys (no colon: the explorer writes key:value) and non-empty value sets', () => {
    expect(issuesOf({ ...base, scope: { tags: { 'a:b': ['x'] } } })).toEqual([['scope.tags.a:b', 'tag_key_invalid']]);
    expect(issuesOf({ ...base, scope: { tags: { team: [] } } })).toEqual([['scope.tags.team', 'too_small']]);
    expect(issuesOf({ ...base, scope: { mode: [''] } })).toEqual([['scope.mode.0', 'too_small']]);
  });

  it('answers bad input with bad_request:budget and field paths, never a throw of another kind', () => {
    const r = parseBudgetInput({ name: '', period: { kind: 'month' }, amount: -1 }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(AppError);
    expect(r.error.code).toBe('bad_request:budget');
    expect(r.error.status).toBe(400);
    expect(Object.keys(r.error.fields!)).toEqual(['name', 'amount']);
    for (const junk of [null, 42, 'budget', [], { name: 1 }]) expect(parseBudgetInput(junk, ctx).ok).toBe(false);
    expect(() => budgetOrThrow(null, ctx)).toThrow(AppError);
  });

  it('turns a definition back into input that parses to the same definition', () => {
    const b = budgetOrThrow({ ...base, amount: '0.0015', scope: { task: ['refactor'] }, thresholds: [25, 100] }, ctx);
    expect(budgetOrThrow(budgetToInput(b), ctx)).toEqual(b);
  });
});
