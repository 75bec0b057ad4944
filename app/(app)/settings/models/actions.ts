'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDatabaseHandle } from '@/db/client';
import { addModelPrice, deleteModelAlias, deleteModelPrice, setModelTier, upsertModelAlias } from '@/db/queries/models';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { defineAction } from '@/lib/actions/define-action';
import { enqueueRewrite } from '@/lib/jobs/enqueue';
import { parseDollarsPerMTok } from '@/lib/pricing/parse-price';

const PATH = '/settings/models';
const name = (label: string) => z.string().trim().min(1, `Enter the ${label}.`).max(200);
const price = (required: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) {
        if (required) ctx.addIssue({ code: 'custom', message: 'Enter a price in $ per million tokens.' });
        return null;
      }
      const micros = parseDollarsPerMTok(v);
      if (micros === null)
        ctx.addIssue({ code: 'custom', message: 'Use a number like 3 or 0.075 ($ per million tokens, up to 6 decimals).' });
      return micros;
    });

export const addModelPriceAction = defineAction(
  'models:manage',
  z.object({
    provider: name('provider'),
    model: name('model'),
    effectiveFrom: z.iso.date('Choose the date the price starts.'),
    input: price(true),
    output: price(true),
    cacheRead: price(false),
    cacheWrite5m: price(false),
    cacheWrite1h: price(false),
    note: z.string().trim().max(300).optional(),
  }),
  async (input, actor) => {
    const handle = await getDatabaseHandle();
    const effectiveFrom = new Date(`${input.effectiveFrom}T00:00:00Z`);
    const row = await addModelPrice(handle.db, {
      actor,
      price: {
        provider: input.provider,
        model: input.model,
        effectiveFrom,
        inputMicrosPerMTok: input.input!,
        outputMicrosPerMTok: input.output!,
        cacheReadMicrosPerMTok: input.cacheRead,
        cacheWrite5mMicrosPerMTok: input.cacheWrite5m,
        cacheWrite1hMicrosPerMTok: input.cacheWrite1h,
        note: input.note ?? '',
      },
    });
    const job = await enqueueRewrite(handle, actor, 'reprice', {
      provider: row.provider,
      model: row.model,
      from: effectiveFrom.toISOString(),
    });
    revalidatePath(PATH);
    return { id: row.id, jobId: job.id };
  },
);

export const deleteModelPriceAction = defineAction('models:manage', z.object({ id: z.uuid('Unknown price.') }), async ({ id }, actor) => {
  const handle = await getDatabaseHandle();
  const row = await deleteModelPrice(handle.db, { actor, id });
  const job = await enqueueRewrite(handle, actor, 'reprice', {
    provider: row.provider,
    model: row.model,
    from: row.effectiveFrom.toISOString(),
  });
  revalidatePath(PATH);
  return { jobId: job.id };
});

export const setModelAliasAction = defineAction(
  'models:manage',
  z.object({
    provider: name('provider'),
    model: name('model'),
    targetProvider: name('target provider'),
    targetModel: name('target model'),
  }),
  async (alias, actor) => {
    const handle = await getDatabaseHandle();
    await upsertModelAlias(handle.db, { actor, alias });
    const job = await enqueueRewrite(handle, actor, 'reprice', { provider: alias.provider.toLowerCase(), model: alias.model });
    revalidatePath(PATH);
    return { jobId: job.id };
  },
);

export const deleteModelAliasAction = defineAction(
  'models:manage',
  z.object({ provider: name('provider'), model: name('model') }),
  async (alias, actor) => {
    const handle = await getDatabaseHandle();
    await deleteModelAlias(handle.db, { actor, ...alias });
    const job = await enqueueRewrite(handle, actor, 'reprice', alias);
    revalidatePath(PATH);
    return { jobId: job.id };
  },
);

export const setModelTierAction = defineAction(
  'models:manage',
  z.object({ provider: name('provider'), model: name('model'), tier: z.string().trim().max(32) }),
  async ({ provider, model, tier }, actor) => {
    await setModelTier((await getDatabaseHandle()).db, { actor, provider, model, tier: tier === '' ? null : tier });
    invalidatePricer(); // new events take the tier at once; history moves only with "Re-tier history"
    revalidatePath(PATH);
    return { provider, model, tier };
  },
);

export const rewriteHistoryAction = defineAction(
  'models:manage',
  z.object({ provider: name('provider'), model: name('model'), kind: z.enum(['reprice', 'retier']) }),
  async ({ provider, model, kind }, actor) => {
    const job = await enqueueRewrite(await getDatabaseHandle(), actor, kind, { provider, model });
    revalidatePath(PATH);
    return { jobId: job.id };
  },
);
