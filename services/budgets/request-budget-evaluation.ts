import 'server-only';
/**
 * The one in-process runner of budget evaluations (ADR 0009 "Freshness"). Asked right after an ingestion commit
 * with what the batch touched (lib/budgets/touch.ts), so an acknowledged event is in its budgets' state within
 * one evaluation of the budgets it can match; by the periodic tasks for every budget (`'all'`) or for the
 * periods that turned over (`'periods'`). Requests coalesce per database: while one evaluation runs, further
 * requests are merged into exactly one more run after it (which sees every commit acknowledged before it
 * started), never a queue and never two evaluations at once in a process. The promise settles when a run that
 * covers the request has finished (ingestion does not wait for it). A full evaluation gives way to touches
 * between its slices. Failures are logged; the periodic full evaluation is the safety net.
 */
import type { DatabaseHandle } from '@/db/client';
import { listBudgetRows } from '@/db/queries/budgets';
import { mergeTouches, type UsageTouch } from '@/lib/budgets/touch';
import { systemContext } from '../context';
import { evaluateBudgets } from './evaluate-budgets';

interface Work {
  all: boolean;
  touches: UsageTouch[];
  done: Array<() => void>;
}

interface Runner {
  running: boolean;
  pending: Work | null;
  /** When the last run started (ms since the epoch), and how long it took. */
  lastStart: number;
  lastMs: number;
}

/**
 * The time between the starts of two evaluations in a process (ADR 0009 "Freshness"): at least MIN_RUN_GAP_MS,
 * and RUN_GAP_FACTOR times the last run's length up to MAX_RUN_GAP_MS, so when runs grow long (many budgets the
 * writes can match, a loaded database) evaluation keeps to about a fifth of the time and freshness stays < 2 s.
 */
const MIN_RUN_GAP_MS = 500;
const MAX_RUN_GAP_MS = 1_000;
const RUN_GAP_FACTOR = 5;

const runGapMs = (lastRunMs: number) => Math.min(MAX_RUN_GAP_MS, Math.max(MIN_RUN_GAP_MS, lastRunMs * RUN_GAP_FACTOR));

const runners = new WeakMap<DatabaseHandle['db'], Runner>();

export function requestBudgetEvaluation(handle: DatabaseHandle, what: UsageTouch | 'all' | 'periods'): Promise<void> {
  let runner = runners.get(handle.db);
  if (!runner) {
    runner = { running: false, pending: null, lastStart: 0, lastMs: 0 };
    runners.set(handle.db, runner);
  }
  const r = runner;
  const work = (r.pending ??= { all: false, touches: [], done: [] });
  if (what === 'all') work.all = true;
  else if (what !== 'periods') work.touches = mergeTouches([...work.touches, what]);
  const settled = new Promise<void>((resolve) => work.done.push(resolve));
  if (!r.running) {
    r.running = true;
    void (async () => {
      while (r.pending) {
        // Under steady ingestion a run is asked for after every batch: spacing the runs keeps evaluation from
        // taking a core from ingestion while staying inside 2 s.
        const wait = r.lastStart + runGapMs(r.lastMs) - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        r.lastStart = Date.now();
        const next = r.pending;
        r.pending = null;
        try {
          if (next.all) await evaluateAll(handle, r);
          else await evaluateBudgets(systemContext(handle, 'budget-evaluator'), { touches: next.touches, yieldWhen: touchesWaiting(r) });
        } catch (err) {
          console.error('[switchyard] budget evaluation failed', err);
        }
        r.lastMs = Date.now() - r.lastStart;
        for (const resolve of next.done) resolve();
      }
      r.running = false;
    })();
  }
  return settled;
}

const touchesWaiting = (r: Runner) => () => (r.pending?.touches.length ?? 0) > 0;

/** Budgets per slice of a full evaluation. */
const SLICE = 100;

/**
 * Every budget, a slice at a time; between slices the touches that arrived meanwhile are evaluated first, so a
 * full pass over many budgets never holds an acknowledged event back for longer than one slice.
 */
async function evaluateAll(handle: DatabaseHandle, r: Runner): Promise<void> {
  const ids = (await listBudgetRows(handle.db)).map((b) => b.id);
  for (let start = 0; start < ids.length; start += SLICE) {
    if (r.pending && !r.pending.all && r.pending.touches.length > 0) {
      const touched = r.pending;
      r.pending = null;
      try {
        await evaluateBudgets(systemContext(handle, 'budget-evaluator'), { touches: touched.touches, yieldWhen: touchesWaiting(r) });
      } finally {
        for (const resolve of touched.done) resolve();
      }
    }
    await evaluateBudgets(systemContext(handle, 'budget-evaluator'), { budgetIds: ids.slice(start, start + SLICE) });
  }
}
