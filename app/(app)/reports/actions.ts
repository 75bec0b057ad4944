'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { parseBaselineParam } from '@/lib/savings/report-input';
import { defineAction } from '@/server/actions/define-action';
import { createSavingsSchedule } from '@/services/savings/create-savings-schedule';
import { deleteSavingsSchedule, deleteSavingsScheduleSchema } from '@/services/savings/delete-savings-schedule';

const PATH = '/reports';

/** The form's fields: the channel, the report's baseline as its URL writes it, and its projects (space-separated). */
const scheduleFormSchema = z.strictObject({
  channelId: z.string(),
  baseline: z.string().max(300),
  projects: z.string().max(5000).default(''),
});

export const createSavingsScheduleAction = defineAction(
  'channels:manage',
  scheduleFormSchema,
  async (input, ctx) => {
    const schedule = await createSavingsSchedule(ctx, {
      channelId: input.channelId,
      baseline: parseBaselineParam(input.baseline),
      projects: input.projects.split(/\s+/).filter(Boolean),
    });
    revalidatePath(PATH);
    return { id: schedule.id };
  },
  'savings',
);

export const deleteSavingsScheduleAction = defineAction(
  'channels:manage',
  deleteSavingsScheduleSchema,
  async (input, ctx) => {
    const result = await deleteSavingsSchedule(ctx, input);
    revalidatePath(PATH);
    return result;
  },
  'savings',
);
