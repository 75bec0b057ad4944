import 'server-only';
/**
 * Asks for a budget evaluation soon, without waiting for it: called right after an ingestion commit, so an
 * acknowledged event is in its budgets' state within one evaluation (ADR 0009 "Freshness"). Requests coalesce
 * per database: while one evaluation runs, further requests make exactly one more run after it (which sees
 * every commit acknowledged before it started), never a queue. Failures are logged; the periodic task (every
 * second) is the safety net. With no budget defined it costs one query.
 */
import type { DatabaseHandle } from '@/db/client';
import { systemContext } from '../context';
import { evaluateBudgets } from './evaluate-budgets';

interface Runner {
  running: Promise<void> | null;
  again: boolean;
}

const runners = new WeakMap<DatabaseHandle['db'], Runner>();

export function requestBudgetEvaluation(handle: DatabaseHandle): Promise<void> {
  let runner = runners.get(handle.db);
  if (!runner) {
    runner = { running: null, again: false };
    runners.set(handle.db, runner);
  }
  const r = runner;
  if (r.running) {
    r.again = true;
    return r.running;
  }
  const loop = async () => {
    do {
      r.again = false;
      try {
        await evaluateBudgets(systemContext(handle, 'budget-evaluator'));
      } catch (err) {
        console.error('[switchyard] budget evaluation failed', err);
      }
    } while (r.again);
    r.running = null;
  };
  r.running = loop();
  return r.running;
}
