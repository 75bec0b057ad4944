'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/server/actions/define-action';
import { acknowledgeAlert } from '@/services/budgets/acknowledge-alert';

export const acknowledgeAlertAction = defineAction(
  'budgets:edit',
  z.object({ id: z.string() }),
  async (input, ctx) => {
    const result = await acknowledgeAlert(ctx, input);
    revalidatePath('/alerts');
    return { id: result.id };
  },
  'alert',
);
