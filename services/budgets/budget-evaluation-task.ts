import 'server-only';
/**
 * The periodic task the scheduler (h/scheduler) registers at merge time: `{ name, everyMs, run(ctx) }` — every
 * budget evaluated each second (ADR 0009), by one instance at a time; exactly-once alerts do not depend on that.
 */
import type { ServiceContext } from '../context';
import { evaluateBudgets } from './evaluate-budgets';

export const budgetEvaluationTask = {
  name: 'budgets.evaluate',
  everyMs: 1_000,
  run: async (ctx: ServiceContext) => {
    await evaluateBudgets(ctx);
  },
};
