import { z } from 'zod';
import { etagMatches } from '@/lib/budgets/record';
import { AppError } from '@/lib/errors';
import { route } from '@/server/http/route';
import { getBudgetState } from '@/services/budgets/get-budget-state';

export const dynamic = 'force-dynamic';

const waitSchema = z.coerce.number().int().min(0).max(60);

/**
 * Budget state for the key's project (docs/api.md "Gateway endpoints — the contract"): strong ETag,
 * If-None-Match → 304, `?wait=N` (0–60 s) long-polls until the content changes.
 */
export const GET = route({ apiKey: 'routing:read' }, async (req, ctx) => {
  const url = new URL(req.url);
  const waitText = url.searchParams.get('wait');
  const wait = waitText === null ? { success: true as const, data: 0 } : waitSchema.safeParse(waitText);
  if (!wait.success)
    throw new AppError('bad_request:api', 'wait is a whole number of seconds from 0 to 60.', { fields: { wait: ['0–60.'] } });
  const ifNoneMatch = req.headers.get('if-none-match');
  const answer = await getBudgetState(ctx, {
    waitSeconds: wait.data,
    signal: req.signal,
    matches: (etag) => etagMatches(ifNoneMatch, etag),
  });
  const headers = { etag: answer.etag, 'cache-control': 'no-cache' };
  if (etagMatches(ifNoneMatch, answer.etag)) return new Response(null, { status: 304, headers });
  return Response.json({ generatedAt: new Date().toISOString(), ...answer.content }, { headers });
});
