/**
 * One simulation run over pages of grouped rows (ADR 0012): the candidate, and for the cost–quality frontier
 * its base with every mode sent to each tier, all replayed in the same pass over the rows (each row is
 * fetched once, evaluated and priced once per router). Sessions come from a second, optional pass over rows
 * grouped by session (the session multiplies the rows, so only the sessions widget pays for it).
 */
import type { Pricer } from '@/lib/pricing/pricer';
import { buildFrontier, type Frontier } from './frontier';
import type { GroupingPlan } from './group';
import { createGroupPricer } from './price-group';
import type { QualityMetric, QualityOptions } from './quality';
import { DEFAULT_BUDGET_ASSUMPTION, featuresOf, replayRows, type ReplayVisitor, type RowOutcome } from './replay';
import { type SessionChange, type SimulationResult, SimulationTally } from './result';
import { emptyCell, addCell } from './tally';
import type { CacheAssumption, ModelRef, ReplayRow, RouteChoice, Router } from './types';
import { everyModeToTierRouter } from './routing-adapter';

/**
 * Frontier candidates per run: 4 choices (base + 3 tiers) over the 5 busiest modes; the rest keep the base.
 * Building 4⁶ = 4,096 points took about a second on its own on the 2-core machine, for little more to see.
 */
export const FRONTIER_POINTS = 1_024;

export interface RunRouters {
  candidate: Router;
  /** The frontier's base (the candidate's base document, or the candidate itself). */
  base: Router;
  /** Its tiers, for "every mode → tier" replays; empty: no frontier. */
  tiers: Readonly<Record<string, readonly ModelRef[]>>;
}

export interface RunOutput {
  simulation: SimulationResult;
  frontier: Frontier | null;
  rows: number;
  sessionRows: number;
  /** Time spent replaying (evaluating, pricing, tallying) and building the frontier, rows' fetching excluded. */
  replayMs: number;
  frontierMs: number;
}

/** Per session: actual and simulated cost of its requests, and the change. */
export class SessionChangeTally implements ReplayVisitor {
  private readonly sessions = new Map<string, SessionChange>();

  visit(row: ReplayRow, _choice: RouteChoice | null, o: RowOutcome): void {
    if (row.sessionId === null) return;
    let s = this.sessions.get(row.sessionId);
    if (!s)
      this.sessions.set(row.sessionId, (s = { sessionId: row.sessionId, actual: emptyCell(), simulated: emptyCell(), deltaMicros: 0 }));
    addCell(s.actual, row.requests, row.costMicros, row.requests - row.pricedRequests);
    addCell(s.simulated, row.requests, o.costMicros, o.unpricedRequests);
    s.deltaMicros += o.costMicros - row.costMicros;
  }

  top(n: number): SessionChange[] {
    return [...this.sessions.values()]
      .sort((x, y) => Math.abs(y.deltaMicros) - Math.abs(x.deltaMicros) || x.sessionId.localeCompare(y.sessionId))
      .slice(0, n);
  }
}

/** Pages whose first one is already being read (its failure surfaces when the pages are iterated). */
function readingAhead<T>(pages: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
  const it = Symbol.asyncIterator in pages ? pages[Symbol.asyncIterator]() : toAsync(pages[Symbol.iterator]());
  const first = it.next();
  first.catch(() => {});
  let started = false;
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        if (started) return it.next();
        started = true;
        return first;
      },
      return: async (value?: unknown) => (await it.return?.(value)) ?? { done: true, value: undefined },
    }),
  };
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}

export async function runReplay(input: {
  plan: GroupingPlan;
  pricer: Pricer;
  routers: RunRouters;
  cache: CacheAssumption;
  quality: QualityOptions;
  topSessions: number;
  metric?: QualityMetric;
  budgets?: string;
  pages: AsyncIterable<ReplayRow[]> | Iterable<ReplayRow[]>;
  /** Rows grouped by session (`bySession`); absent or topSessions 0: no sessions widget. */
  sessionPages?: () => AsyncIterable<ReplayRow[]> | Iterable<ReplayRow[]>;
}): Promise<RunOutput> {
  const { plan, cache } = input;
  const prices = createGroupPricer(input.pricer, plan);
  const lanes: { router: Router; tally: SimulationTally }[] = [{ router: input.routers.candidate, tally: new SimulationTally(plan) }];
  const tierNames = Object.keys(input.routers.tiers).sort();
  const sameBase = input.routers.base === input.routers.candidate;
  if (tierNames.length > 0) {
    if (!sameBase) lanes.push({ router: input.routers.base, tally: new SimulationTally(plan) });
    for (const tier of tierNames)
      lanes.push({ router: everyModeToTierRouter(input.routers.base, tier, input.routers.tiers), tally: new SimulationTally(plan) });
  }
  let rows = 0;
  let replayMs = 0;
  // The sessions pass's first page is asked for now: on a database server it is read while the main pass replays.
  const sessionPages = input.sessionPages && input.topSessions > 0 ? readingAhead(input.sessionPages()) : null;
  for await (const page of input.pages) {
    rows += page.length;
    const t = performance.now();
    for (const lane of lanes)
      replayRows({ rows: page, plan, decide: (row) => lane.router(featuresOf(row, plan)), prices, cache, visitor: lane.tally });
    replayMs += performance.now() - t;
  }
  const assumptions = { cache, output: 'unchanged' as const, budgets: input.budgets ?? DEFAULT_BUDGET_ASSUMPTION };
  const results = lanes.map((l) => l.tally.result(assumptions, input.quality, 0));
  const simulation = results[0]!;

  let sessionRows = 0;
  if (sessionPages) {
    const sessions = new SessionChangeTally();
    for await (const page of sessionPages) {
      sessionRows += page.length;
      const t = performance.now();
      replayRows({
        rows: page,
        plan,
        decide: (row) => input.routers.candidate(featuresOf(row, plan)),
        prices,
        cache,
        visitor: sessions,
      });
      replayMs += performance.now() - t;
    }
    simulation.topSessions = sessions.top(input.topSessions);
  }

  let frontier: Frontier | null = null;
  const f0 = performance.now();
  if (tierNames.length > 0) {
    const base = sameBase ? simulation : results[1]!;
    const offset = sameBase ? 1 : 2;
    const byTier = Object.fromEntries(tierNames.map((t, i) => [t, results[offset + i]!]));
    frontier = buildFrontier({ base, byTier, draft: simulation, metric: input.metric ?? 'success', maxCandidates: FRONTIER_POINTS });
  }
  return { simulation, frontier, rows, sessionRows, replayMs: Math.round(replayMs), frontierMs: Math.round(performance.now() - f0) };
}
