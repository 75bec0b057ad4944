/**
 * Property: the explorer's URL is its whole state — parse(serialize(state)) = state for every valid state
 * (lib/usage/explorer-state.ts), and a toggled filter round-trips too. Valid: what parsing can produce.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRANULARITIES } from '@/lib/time/buckets';
import { EVENT_DIMENSIONS, FILTER_DIMENSIONS } from '@/lib/usage/dimensions';
import { explorerSearch, parseExplorerState, SORT_COLUMNS, toggleFilter, type ExplorerState } from '@/lib/usage/explorer-state';
import { PERIOD_PRESETS } from '@/lib/time/periods';

const tagKey = fc.stringMatching(/^[A-Za-z0-9_.:\-/]{1,20}$/);
/** Any text the URL can carry, trimmed (parsing trims), with ':' '&' '=' '%' '+' and non-ASCII among it. */
const text = (min: number) =>
  fc
    .string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ':', '&', '=', '%', '+', '/', 'é', '🚀', '"', '#'), minLength: min, maxLength: 40 })
    .map((s) => s.trim())
    .filter((s) => s.length >= min);
const sortedSet = (arb: fc.Arbitrary<string>, min = 1) => fc.uniqueArray(arb, { minLength: min, maxLength: 4 }).map((v) => v.sort());
const date = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const state: fc.Arbitrary<ExplorerState> = fc.record({
  group: fc.oneof(
    fc.constantFrom(...EVENT_DIMENSIONS).map((dimension) => ({ dimension })),
    tagKey.map((tag) => ({ tag })),
  ),
  granularity: fc.constantFrom(...GRANULARITIES),
  period: fc.oneof(
    fc.constantFrom(...PERIOD_PRESETS.filter((p) => p !== 'custom')).map((range) => ({ range })),
    fc.record({ range: fc.constant('custom' as const), from: date, to: date }),
  ),
  projects: sortedSet(text(1), 0),
  // '' filters to events without the dimension (the "(none)" row).
  values: fc.dictionary(fc.constantFrom(...FILTER_DIMENSIONS), sortedSet(fc.oneof(text(0), text(1)))),
  tags: fc.dictionary(tagKey, sortedSet(text(0))),
  sort: fc.constantFrom(...SORT_COLUMNS),
  dir: fc.constantFrom('asc' as const, 'desc' as const),
}) as fc.Arbitrary<ExplorerState>;

/** Query-string parameters as Next gives them to a page (repeated keys as arrays). */
function params(search: string): Record<string, string[]> {
  const p = new URLSearchParams(search);
  return Object.fromEntries([...new Set(p.keys())].map((k) => [k, p.getAll(k)]));
}

describe('explorer URL state (property)', () => {
  it('parses its own canonical query string back to the same state', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(parseExplorerState(params(explorerSearch(s)))).toEqual(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes one query string per state (canonical: parsing it again changes nothing)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const search = explorerSearch(s);
        expect(explorerSearch(parseExplorerState(params(search)))).toBe(search);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips a filter toggled from a table row, and toggling it twice gives the state back', () => {
    const row = fc.tuple(
      state,
      fc.oneof(
        fc.constantFrom(...EVENT_DIMENSIONS).map((dimension) => ({ dimension })),
        tagKey.map((tag) => ({ tag })),
      ),
      fc.oneof(text(0), text(1)),
    );
    fc.assert(
      fc.property(row, ([s, group, value]) => {
        fc.pre(!('dimension' in group && group.dimension === 'project' && value === ''));
        const toggled = toggleFilter(s, group, value);
        expect(parseExplorerState(params(explorerSearch(toggled)))).toEqual(toggled);
        const back = toggleFilter(toggled, group, value);
        expect(explorerSearch(back)).toBe(explorerSearch(s));
      }),
      { numRuns: 500 },
    );
  });
});
