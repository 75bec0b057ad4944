'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/server/actions/define-action';
import { createBudget } from '@/services/budgets/create-budget';
import { deleteBudget } from '@/services/budgets/delete-budget';
import { setBudgetPaused } from '@/services/budgets/set-budget-paused';
import { updateBudget } from '@/services/budgets/update-budget';

/** The budget object as the form builds it; the service checks every field (lib/budgets/schema.ts). */
const budgetObject = z.record(z.string(), z.unknown());
const idObject = z.object({ id: z.string() }).passthrough();

export const createBudgetAction = defineAction(
  'budgets:edit',
  budgetObject,
  async (input, ctx) => {
    const budget = await createBudget(ctx, input);
    revalidatePath('/budgets');
    return { id: budget.id };
  },
  'budget',
);

export const updateBudgetAction = defineAction(
  'budgets:edit',
  idObject,
  async (input, ctx) => {
    const budget = await updateBudget(ctx, input);
    revalidatePath('/budgets');
    revalidatePath(`/budgets/${budget.id}`);
    return { id: budget.id };
  },
  'budget',
);

export const setBudgetPausedAction = defineAction(
  'budgets:edit',
  z.object({ id: z.string(), paused: z.union([z.boolean(), z.enum(['true', 'false'])]) }),
  async (input, ctx) => {
    const budget = await setBudgetPaused(ctx, input);
    revalidatePath('/budgets');
    revalidatePath(`/budgets/${budget.id}`);
    return { id: budget.id, paused: budget.paused };
  },
  'budget',
);

export const deleteBudgetAction = defineAction(
  'budgets:edit',
  z.object({ id: z.string() }),
  async (input, ctx) => {
    const result = await deleteBudget(ctx, input);
    revalidatePath('/budgets');
    return result;
  },
  'budget',
);
