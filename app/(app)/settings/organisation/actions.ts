'use server';

import { revalidatePath } from 'next/cache';
import { timeZoneSchema } from '@/lib/organisation/schemas';
import { defineAction } from '@/server/actions/define-action';
import { setOrgTimeZone } from '@/services/organisation/set-org-time-zone';

export const setTimeZoneAction = defineAction('organisation:manage', timeZoneSchema, async (input, ctx) => {
  const result = await setOrgTimeZone(ctx, input);
  revalidatePath('/', 'layout');
  return result;
});
