/** Input rules of Settings → Models (services/models): admin prices, aliases, tiers, history rewrites. */
import { z } from 'zod';
import { parseDollarsPerMTok } from './parse-price';

const name = (label: string) => z.string().trim().min(1, `Enter the ${label}.`).max(200);

/** µ$ per million tokens: an integer, or dollars as a person types them ("3", "0.075"); empty is no price. */
const price = (required: boolean) =>
  z.unknown().transform((v, ctx): number | null => {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) ctx.addIssue({ code: 'custom', message: 'Enter a price in $ per million tokens.' });
      return null;
    }
    const micros = typeof v === 'string' ? parseDollarsPerMTok(v.trim()) : null;
    if (micros === null)
      ctx.addIssue({ code: 'custom', message: 'Use a number like 3 or 0.075 ($ per million tokens, up to 6 decimals).' });
    return micros;
  });

export const modelPriceSchema = z.object({
  provider: name('provider'),
  model: name('model'),
  effectiveFrom: z.iso.date('Choose the date the price starts.'),
  input: price(true),
  output: price(true),
  cacheRead: price(false),
  cacheWrite5m: price(false),
  cacheWrite1h: price(false),
  note: z.string().trim().max(300).optional(),
});

export const modelPriceIdSchema = z.object({ id: z.uuid('Unknown price.') });

export const modelNameSchema = z.object({ provider: name('provider'), model: name('model') });

export const modelAliasSchema = z.object({
  provider: name('provider'),
  model: name('model'),
  targetProvider: name('target provider'),
  targetModel: name('target model'),
});

/** An empty tier clears the admin's tier (the price rule applies again). */
export const modelTierSchema = z.object({ provider: name('provider'), model: name('model'), tier: z.string().trim().max(32) });

export const rewriteHistorySchema = z.object({ provider: name('provider'), model: name('model'), kind: z.enum(['reprice', 'retier']) });
