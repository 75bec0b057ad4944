'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { setOrgTimeZone } from '@/db/queries/org-settings';
import { defineAction } from '@/lib/actions/define-action';
import { isTimeZone } from '@/lib/time/zoned';

export const setTimeZoneAction = defineAction(
  'organisation:manage',
  z.object({ timeZone: z.string().trim().refine(isTimeZone, 'Choose a time zone from the list.') }),
  async ({ timeZone }, actor) => {
    await setOrgTimeZone(await getDb(), { actor, timeZone });
    revalidatePath('/', 'layout');
    return { timeZone };
  },
);
