import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodAt } from '@/lib/budgets/periods';
import { type BudgetScope, budgetOrThrow } from '@/lib/budgets/schema';
import {
  budgetsForRequest,
  compileBudget,
  compileScope,
  explorerViewOfScope,
  type ScopeFeatures,
  scopeSpendSource,
  scopeToUsageFilter,
  scopeUsageQuery,
} from '@/lib/budgets/scope';
import { budgetStatus } from '@/lib/budgets/state';
import { explorerSearch, parseExplorerState } from '@/lib/usage/explorer-state';
import type { UsageFilter } from '@/lib/usage/query';

const P1 = '00000000-0000-0000-0000-0000000000a1';
const P2 = '00000000-0000-0000-0000-0000000000a2';
const ctx = { knownTiers: ['frontier', 'balanced', 'economy'] };
const scopeOf = (scope: unknown): BudgetScope => budgetOrThrow({ name: 'b', period: { kind: 'month' }, amount: 100, scope }, ctx).scope;

describe('scope matching', () => {
  it('matches every event when the scope is empty', () => {
    const match = compileScope(scopeOf({}));
    expect(match({})).toBe(true);
    expect(match({ mode: 'code', tags: { team: 'x' } })).toBe(true);
  });

  it('needs every restricted dimension to hold one of its values', () => {
    const match = compileScope(scopeOf({ project: [P1], mode: ['code', 'debug'], model: ['claude-sonnet-4-5'] }));
    expect(match({ project: P1, mode: 'code', model: 'claude-sonnet-4-5' })).toBe(true);
    expect(match({ project: P1, mode: 'ask', model: 'claude-sonnet-4-5' })).toBe(false);
    expect(match({ project: P2, mode: 'code', model: 'claude-sonnet-4-5' })).toBe(false);
    expect(match({ project: P1, mode: 'code' })).toBe(false); // no model known: not on a model budget
    expect(match({ project: P1, mode: null, model: 'claude-sonnet-4-5' })).toBe(false);
  });

  it('lower-cases what ingestion lower-cases, and nothing else', () => {
    const match = compileScope(scopeOf({ mode: ['Code'], provider: ['Anthropic'], tier: ['Frontier'], user: ['Ana'], model: ['GPT-5'] }));
    const base = { mode: ' CODE ', provider: 'anthropic', tier: 'FRONTIER', user: 'Ana', model: 'GPT-5' };
    expect(match(base)).toBe(true);
    expect(match({ ...base, project: P1.toUpperCase() })).toBe(true);
    expect(match({ ...base, user: 'ana' })).toBe(false); // users are stored as sent
    expect(match({ ...base, model: 'gpt-5' })).toBe(false); // so are models
  });

  it('needs every listed tag key present with one of its values', () => {
    const match = compileScope(scopeOf({ tags: { team: ['platform', 'search'], env: ['prod'] } }));
    expect(match({ tags: { team: 'search', env: 'prod', extra: 'x' } })).toBe(true);
    expect(match({ tags: { team: 'search' } })).toBe(false);
    expect(match({ tags: { team: 'Search', env: 'prod' } })).toBe(false);
    expect(match({ tags: null })).toBe(false);
    expect(match({ tags: Object.create({ team: 'platform', env: 'prod' }) })).toBe(false); // own keys only
  });

  // The explorer's SQL over raw events (db/queries/usage-aggregate.ts whereClause): `column in (values)` with ''
  // for none, `tags->>key in (values)`, project_id in ids — applied to the row as ingestion stores it.
  function explorerFilterHolds(
    filter: UsageFilter,
    row: { project: string; tags: Record<string, string> } & Record<string, unknown>,
  ): boolean {
    if (filter.projectIds.length > 0 && !filter.projectIds.includes(row.project!)) return false;
    for (const [d, values] of Object.entries(filter.values)) {
      if (!values?.length) continue;
      const v = (row[d] as string | null | undefined) ?? '';
      if (!values.includes(v)) return false;
    }
    return Object.entries(filter.tags).every(([k, values]) => values.length === 0 || (k in row.tags && values.includes(row.tags[k]!)));
  }

  it('agrees with the explorer’s filter on the stored event for any scope and event (property)', () => {
    const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
    const some = <T>(xs: readonly T[]) => fc.subarray([...xs]);
    const scopeArb = fc.record({
      project: some([P1, P2]),
      mode: some(['code', 'Ask', 'debug']),
      task: some(['refactor', 'test-gen']),
      user: some(['ana', 'Ben']),
      tier: some(['frontier', 'economy']),
      model: some(['gpt-5', 'GPT-5', 'claude-haiku-4-5']),
      provider: some(['openai', 'Anthropic']),
      tags: fc.dictionary(pick(['team', 'env']), fc.subarray(['a', 'b', 'B'], { minLength: 1 }), { maxKeys: 2 }),
    });
    const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const eventArb = fc.record({
      project: pick([P1, P2]),
      mode: opt(pick(['code', 'CODE', ' ask ', 'debug', 'plan'])),
      task: opt(pick(['refactor', 'Test-Gen'])),
      user: opt(pick(['ana', 'Ana', 'Ben'])),
      tier: pick(['frontier', 'economy', 'balanced']),
      model: pick(['gpt-5', 'GPT-5', 'claude-haiku-4-5']),
      provider: pick(['openai', 'OpenAI', 'anthropic']),
      tags: fc.dictionary(pick(['team', 'env', 'x']), pick(['a', 'b', 'B', ''])),
    });
    fc.assert(
      fc.property(scopeArb, eventArb, (rawScope, e) => {
        const scope = scopeOf(rawScope);
        // Ingestion: mode, task, provider trimmed and lower-cased; absent → null; user, model and tags as sent.
        const low = (v: string | undefined) => (v === undefined ? null : v.trim().toLowerCase());
        const row = {
          project: e.project,
          mode: low(e.mode),
          task: low(e.task),
          user: e.user ?? null,
          tier: e.tier,
          model: e.model,
          provider: low(e.provider),
          tags: e.tags,
        };
        const features: ScopeFeatures = { ...e, tags: e.tags }; // a gateway's raw, un-normalised view
        expect(compileScope(scope)(features)).toBe(explorerFilterHolds(scopeToUsageFilter(scope), row));
        expect(compileScope(scope)(row)).toBe(explorerFilterHolds(scopeToUsageFilter(scope), row));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the explorer’s figure for a budget', () => {
  const NY = 'America/New_York';
  const month = periodAt({ kind: 'month' }, NY, new Date('2026-12-10T12:00:00Z'));

  it('asks the usage query for the period’s local days with the scope as the filter', () => {
    const scope = scopeOf({ project: [P1], mode: ['code'], tags: { team: ['a'] } });
    expect(scopeUsageQuery(scope, month, NY)).toEqual({
      from: new Date('2026-12-01T05:00:00Z'),
      to: new Date('2027-01-01T05:00:00Z'),
      timeZone: NY,
      filter: { projectIds: [P1], values: { mode: ['code'] }, tags: { team: ['a'] } },
      groupBy: [],
      granularity: null,
      measures: 'spend',
    });
  });

  it('is answered from the rollup the explorer would use (several tag keys: the tag-set rollup; with a user too: the user-set one)', () => {
    const src = (scope: unknown, period = month) => scopeSpendSource(scopeOf(scope), period, NY).source;
    expect(src({ mode: ['code'] })).toMatchObject({ kind: 'rollup', grain: { name: 'dailyModels' } });
    expect(src({ tags: { team: ['a'], env: ['prod'] }, task: ['refactor'] })).toMatchObject({
      kind: 'rollup',
      grain: { name: 'dailyTagSets' },
    });
    expect(src({ tags: { team: ['a'] }, user: ['ana'] })).toMatchObject({ kind: 'rollup', grain: { name: 'dailyUserTags' } });
    expect(src({ tags: { team: ['a'] }, user: ['ana'], task: ['refactor'] })).toMatchObject({
      kind: 'rollup',
      grain: { name: 'dailyUserSets' },
    });
    const rolling = periodAt({ kind: 'rolling', unit: 'hours', length: 24 }, NY, new Date('2026-12-10T12:00:00Z'));
    expect(src({ tags: { team: ['a'] } }, rolling)).toMatchObject({ kind: 'rollup', grain: { name: 'hourlyTags' } });
    expect(src({ task: ['refactor'] }, rolling)).toMatchObject({ kind: 'rollup', grain: { name: 'hourly' } });
  });

  it('links to the same view in the explorer, and says when a view cannot be exact', () => {
    const scope = scopeOf({ project: [P1], mode: ['code', 'debug'], tags: { team: ['a'], env: ['prod'] } });
    const view = explorerViewOfScope(scope, month, (id) => (id === P1 ? 'web' : undefined));
    expect(view.exact).toBe(true);
    const search = explorerSearch(view.state);
    expect(search).toBe(
      'group=mode&gran=day&range=custom&from=2026-12-01&to=2026-12-31&project=web&mode=code&mode=debug&tag=env%3Aprod&tag=team%3Aa',
    );
    // The explorer parses its own link back to the same filters.
    const params = Object.fromEntries([...new URLSearchParams(search).keys()].map((k) => [k, new URLSearchParams(search).getAll(k)]));
    expect(parseExplorerState(params)).toMatchObject({
      projects: ['web'],
      values: { mode: ['code', 'debug'] },
      tags: { env: ['prod'], team: ['a'] },
    });

    const rolling = periodAt({ kind: 'rolling', unit: 'hours', length: 24 }, NY, new Date('2026-12-10T12:00:00Z'));
    expect(explorerViewOfScope(scope, rolling, () => 'web')).toMatchObject({ exact: false });
    expect(explorerViewOfScope(scope, month, () => undefined).exact).toBe(false);
  });
});

describe('budgets for a request (gateway, routing evaluator)', () => {
  const def = (scope: unknown, action: unknown = { kind: 'notify' }) =>
    budgetOrThrow({ name: 'b', period: { kind: 'month' }, amount: 100, scope, action }, ctx);
  const compiled = (id: string, scope: unknown, spend: number, action?: unknown, paused = false) => {
    const b = def(scope, action);
    return compileBudget({ ...b, id, name: id, paused }, budgetStatus({ spendMicros: spend, unpricedRequests: 0 }, b));
  };
  const budgets = [
    compiled('team', { project: [P1] }, 60_000_000), // warning
    compiled('frontier', { project: [P1], tier: ['frontier'] }, 100_000_000, { kind: 'downgrade', tier: 'balanced' }), // exceeded
    compiled('frontier-hard', { tier: ['frontier'] }, 150_000_000, { kind: 'downgrade', tier: 'economy' }), // exceeded
    compiled('other', { project: [P2] }, 200_000_000, { kind: 'block' }),
    compiled('paused', { project: [P1] }, 999_000_000, { kind: 'block' }, true),
  ];
  const tiers = ['frontier', 'balanced', 'economy'];

  it('gives each matching budget’s state and the worst; paused budgets do not act', () => {
    const r = budgetsForRequest(budgets, { project: P1, mode: 'code' }, tiers);
    expect(r.worst).toBe('warning');
    expect(r.budgets.map((b) => [b.id, b.state])).toEqual([['team', 'warning']]);
    expect(r.enforcement).toEqual({ kind: 'none' });
    expect(budgetsForRequest(budgets, { project: '00000000-0000-0000-0000-0000000000ff' }, tiers)).toMatchObject({
      worst: 'ok',
      budgets: [],
    });
  });

  it('for a candidate route on the frontier tier: exceeded, downgraded to the cheapest tier any exceeded budget names', () => {
    const r = budgetsForRequest(budgets, { project: P1, tier: 'frontier', model: 'claude-opus-4-5' }, tiers);
    expect(r.worst).toBe('exceeded');
    expect(r.enforcement).toEqual({ kind: 'downgrade', tier: 'economy', budgetIds: ['frontier', 'frontier-hard'] });
  });

  it('blocks before it downgrades', () => {
    const r = budgetsForRequest(
      [...budgets, compiled('all-p2-frontier', { tier: ['frontier'] }, 0)],
      { project: P2, tier: 'frontier' },
      tiers,
    );
    expect(r.enforcement).toEqual({ kind: 'block', budgetIds: ['other'] });
  });
});
