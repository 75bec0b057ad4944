/**
 * The in-process budget runner (services/budgets/request-budget-evaluation.ts) with the evaluator replaced by a
 * recorder: requests made while a run is going are merged into exactly one more run; a full evaluation goes a
 * slice of budgets at a time and lets touches that arrived meanwhile run between its slices; every request's
 * promise settles once a run covering it has finished, also when the run failed.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import type { UsageTouch } from '@/lib/budgets/touch';

const calls = vi.hoisted(() => ({ runs: [] as string[], gate: null as Promise<void> | null, fail: false }));
vi.mock('@/services/budgets/evaluate-budgets', () => ({
  evaluateBudgets: async (_ctx: unknown, input: { budgetIds?: string[]; touches?: UsageTouch[] }) => {
    calls.runs.push(
      input.touches ? `touch:${input.touches.map((t) => t.projectId).join('+')}` : input.budgetIds ? `slice:${input.budgetIds[0]}` : 'all',
    );
    if (calls.gate) await calls.gate;
    if (calls.fail) throw new Error('database away');
    return { evaluated: 0, changed: [], alertIds: [], version: null };
  },
}));
vi.mock('@/db/queries/budgets', () => ({
  listBudgetRows: async () => Array.from({ length: 250 }, (_, i) => ({ id: `b${i}` })),
}));

const { requestBudgetEvaluation } = await import('@/services/budgets/request-budget-evaluation');

const handle = () => ({ db: {} }) as unknown as DatabaseHandle;
const touch = (projectId: string): UsageTouch => ({ projectId, from: new Date(0), to: new Date(0), combos: [] });

beforeEach(() => {
  calls.runs = [];
  calls.gate = null;
  calls.fail = false;
});

describe('the budget runner', () => {
  it('merges the requests made during a run into one more run', async () => {
    const h = handle();
    let open!: () => void;
    calls.gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = requestBudgetEvaluation(h, touch('p1'));
    const later = [requestBudgetEvaluation(h, touch('p2')), requestBudgetEvaluation(h, touch('p3')), requestBudgetEvaluation(h, 'periods')];
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.runs).toEqual(['touch:p1']);
    open();
    calls.gate = null;
    await Promise.all([first, ...later]);
    expect(calls.runs).toEqual(['touch:p1', 'touch:p2+p3']);
  });

  it('runs a full evaluation in slices and lets touches through between them', async () => {
    const h = handle();
    let open!: () => void;
    calls.gate = new Promise((resolve) => {
      open = resolve;
    });
    const all = requestBudgetEvaluation(h, 'all');
    await new Promise((r) => setTimeout(r, 10));
    const touched = requestBudgetEvaluation(h, touch('p9'));
    open();
    calls.gate = null;
    await touched;
    expect(calls.runs.slice(0, 2)).toEqual(['slice:b0', 'touch:p9']); // the touch did not wait for the remaining slices
    await all;
    expect(calls.runs).toEqual(['slice:b0', 'touch:p9', 'slice:b100', 'slice:b200']);
  });

  it('settles every request when a run fails', async () => {
    const h = handle();
    calls.fail = true;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await Promise.all([
      requestBudgetEvaluation(h, touch('p1')),
      requestBudgetEvaluation(h, 'all'),
      requestBudgetEvaluation(h, touch('p2')),
    ]);
    expect(calls.runs[0]).toBe('touch:p1');
    expect(console.error).toHaveBeenCalled();
  });
});
