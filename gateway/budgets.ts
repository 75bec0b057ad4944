/**
 * The pulled budget state (GET /api/v1/budgets/state) plus this gateway's own spend that the state cannot show yet:
 * each admitted request reserves its estimated cost on the budgets it matches the moment it is admitted, the
 * estimate is replaced by the priced usage when the call ends, and the entry is released once a state pulled after
 * its event was ingested arrives (that state counts it). So concurrent requests see each other's spend at once and a
 * blocked budget's overshoot is bounded by what is in flight, not by the pull interval (docs/gateway.md measures it).
 * Matching and enforcement are lib/budgets/scope.ts's (compileScope, budgetsForRequest); the state, lib's budgetStatus.
 */
import { z } from 'zod';
import { BUDGET_STATES, type BudgetState } from '@/lib/budgets/state';
import { budgetStatus, worstState } from '@/lib/budgets/state';
import { normaliseValues, SCOPE_DIMENSIONS, type BudgetScope } from '@/lib/budgets/schema';
import {
  budgetsForRequest,
  compileScope,
  type CompiledBudget,
  type RequestBudgets,
  type ScopeFeatures,
  type ScopeMatcher,
} from '@/lib/budgets/scope';

const values = z.array(z.string().max(200)).max(1_000).default([]);
export const budgetStateSchema = z.object({
  generatedAt: z.string(),
  tierOrder: z.array(z.string().max(100)).max(100),
  budgets: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        name: z.string().max(200),
        state: z.enum(BUDGET_STATES),
        action: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('notify') }),
          z.object({ kind: z.literal('downgrade'), tier: z.string().min(1).max(100) }),
          z.object({ kind: z.literal('block') }),
        ]),
        scope: z.object({
          mode: values,
          task: values,
          user: values,
          tier: values,
          model: values,
          provider: values,
          tags: z.record(z.string().min(1).max(64), values).default({}),
        }),
        period: z.object({ key: z.string(), start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }),
        spendMicros: z.number().int().min(0),
        amountMicros: z.number().int().min(1),
        unpricedRequests: z.number().int().min(0),
        percentTenths: z.number().int(),
      }),
    )
    .max(10_000),
});
export type BudgetStatePayload = z.output<typeof budgetStateSchema>;
type PulledBudget = BudgetStatePayload['budgets'][number];

interface Entry {
  budgetIds: readonly string[];
  micros: number;
  /** The spool sequence number of the call's event; null while the call is in flight. */
  seq: number | null;
}

export type Reservation = Entry;

export class BudgetBook {
  tierOrder: readonly string[] = [];
  private pulled: PulledBudget[] = [];
  private matchers = new Map<string, ScopeMatcher>();
  private compiled: CompiledBudget[] = [];
  private readonly added = new Map<string, number>();
  private entries = new Set<Entry>();
  /** The earliest period end among the pulled budgets: past it the states are recomputed (a new period starts at zero). */
  private nextPeriodEnd = Number.POSITIVE_INFINITY;
  loaded = false;

  get count(): number {
    return this.compiled.length;
  }

  /** A new pulled state. Entries whose events were acknowledged before the pull started (≤ ackedSeqAtPull) are in it. */
  apply(state: BudgetStatePayload, ackedSeqAtPull: number): void {
    this.pulled = state.budgets;
    this.tierOrder = state.tierOrder;
    this.matchers = new Map(state.budgets.map((b) => [b.id, compileScope(toScope(b.scope))]));
    this.release(ackedSeqAtPull);
    this.loaded = true;
    this.recompute();
  }

  /**
   * A pull answered 304: the state in force is Switchyard's current one, so it counts the events acknowledged before
   * that pull started (≤ ackedSeqAtPull) — their evaluation ran in the meantime (the pull waited; see nextWait).
   * Without this, a reservation acknowledged during a long-poll would be held until the state next changed, and a
   * budget nobody spends on any more would stay blocked below its amount.
   */
  confirm(ackedSeqAtPull: number): void {
    if (this.release(ackedSeqAtPull)) this.recompute();
  }

  /** Drops the entries a state pulled after their acknowledgement counts; true when one was dropped. */
  private release(ackedSeqAtPull: number): boolean {
    let released = false;
    for (const e of this.entries) {
      if (e.seq !== null && e.seq <= ackedSeqAtPull) {
        this.entries.delete(e);
        this.add(e.budgetIds, -e.micros, false);
        released = true;
      }
    }
    return released;
  }

  /** True while some call's event is acknowledged (≤ ackedSeq) but no pull since has confirmed it is counted. */
  awaitingConfirmation(ackedSeq: number): boolean {
    for (const e of this.entries) if (e.seq !== null && e.seq <= ackedSeq) return true;
    return false;
  }

  forRequest(features: ScopeFeatures): RequestBudgets {
    if (Date.now() >= this.nextPeriodEnd) this.recompute();
    return budgetsForRequest(this.compiled, features, this.tierOrder);
  }

  reserve(budgetIds: readonly string[], micros: number): Reservation {
    const entry: Entry = { budgetIds, micros, seq: null };
    this.entries.add(entry);
    this.add(budgetIds, micros, true);
    return entry;
  }

  /** The call ended: its priced cost replaces the estimate; `seq` is its event's (null: not spooled, released at the next pull). */
  settle(entry: Reservation, micros: number, seq: number | null): void {
    if (micros !== entry.micros) this.add(entry.budgetIds, micros - entry.micros, true);
    entry.micros = micros;
    entry.seq = seq ?? 0;
  }

  /** This gateway's spend on a budget that the pulled state does not count yet (µ$). */
  addedMicros(budgetId: string): number {
    return this.added.get(budgetId) ?? 0;
  }

  private add(ids: readonly string[], micros: number, recompute: boolean): void {
    for (const id of ids) this.added.set(id, (this.added.get(id) ?? 0) + micros);
    if (recompute && ids.length > 0) this.recompute(new Set(ids));
  }

  /** Every budget's status (or only `only`'s): the pulled spend (zero once its period ended) plus this gateway's own. */
  private recompute(only?: ReadonlySet<string>): void {
    const now = Date.now();
    let nextEnd = Number.POSITIVE_INFINITY;
    const next: CompiledBudget[] = [];
    for (let i = 0; i < this.pulled.length; i++) {
      const b = this.pulled[i]!;
      const existing = this.compiled[i];
      const end = Date.parse(b.period.end);
      if (end > now) nextEnd = Math.min(nextEnd, end);
      if (only && existing?.id === b.id && !only.has(b.id) && this.compiled.length === this.pulled.length) {
        next.push(existing);
        continue;
      }
      const ended = end <= now;
      const status = budgetStatus(
        {
          spendMicros: ended ? 0 : b.spendMicros,
          unpricedRequests: ended ? 0 : b.unpricedRequests,
          reservedMicros: this.addedMicros(b.id),
        },
        { amountMicros: b.amountMicros, thresholds: [] },
      );
      const state: BudgetState = worstState([ended ? 'ok' : b.state, status.state]) ?? 'ok';
      next.push({ id: b.id, name: b.name, matches: this.matchers.get(b.id)!, action: b.action, status: { ...status, state } });
    }
    this.compiled = next;
    this.nextPeriodEnd = nextEnd;
  }
}

function toScope(s: PulledBudget['scope']): BudgetScope {
  const scope = { project: [] as string[], tags: s.tags } as BudgetScope;
  for (const d of SCOPE_DIMENSIONS) if (d !== 'project') scope[d] = normaliseValues(d, s[d]);
  return scope;
}

/** Budget id → state, as the routing evaluator's `features.budgets` takes it. */
export function statesOf(r: RequestBudgets): Record<string, BudgetState> | undefined {
  if (r.budgets.length === 0) return undefined;
  const out: Record<string, BudgetState> = {};
  for (const b of r.budgets) out[b.id] = b.state;
  return out;
}
