'use server';

import { revalidatePath } from 'next/cache';
import {
  modelAliasSchema,
  modelNameSchema,
  modelPriceIdSchema,
  modelPriceSchema,
  modelTierSchema,
  rewriteHistorySchema,
} from '@/lib/pricing/schemas';
import { defineAction } from '@/server/actions/define-action';
import { addModelPrice } from '@/services/models/add-model-price';
import { deleteModelAlias } from '@/services/models/delete-model-alias';
import { deleteModelPrice } from '@/services/models/delete-model-price';
import { rewriteModelHistory } from '@/services/models/rewrite-model-history';
import { setModelAlias } from '@/services/models/set-model-alias';
import { setModelTier } from '@/services/models/set-model-tier';

const PATH = '/settings/models';

export const addModelPriceAction = defineAction('models:manage', modelPriceSchema, async (input, ctx) => {
  const { price, jobId } = await addModelPrice(ctx, input);
  revalidatePath(PATH);
  return { id: price.id, jobId };
});

export const deleteModelPriceAction = defineAction('models:manage', modelPriceIdSchema, async (input, ctx) => {
  const result = await deleteModelPrice(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const setModelAliasAction = defineAction('models:manage', modelAliasSchema, async (input, ctx) => {
  const result = await setModelAlias(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const deleteModelAliasAction = defineAction('models:manage', modelNameSchema, async (input, ctx) => {
  const result = await deleteModelAlias(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const setModelTierAction = defineAction('models:manage', modelTierSchema, async (input, ctx) => {
  const result = await setModelTier(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const rewriteHistoryAction = defineAction('models:manage', rewriteHistorySchema, async (input, ctx) => {
  const result = await rewriteModelHistory(ctx, input);
  revalidatePath(PATH);
  return result;
});
