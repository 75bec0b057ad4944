import { route } from '@/server/http/route';
import { readJsonObject } from '@/server/http/json-body';
import { deleteBudget } from '@/services/budgets/delete-budget';
import { getBudget } from '@/services/budgets/get-budget';
import { setBudgetPaused } from '@/services/budgets/set-budget-paused';
import { updateBudget } from '@/services/budgets/update-budget';

export const dynamic = 'force-dynamic';

type Params = { id: string };

/** One budget: the period's figures (`?period=<key>`, default the current), history, forecast and alerts. */
export const GET = route<Params>({ person: 'dashboards:read' }, async (req, ctx, { params }) => {
  const url = new URL(req.url);
  const input: Record<string, unknown> = { id: (await params).id };
  for (const k of ['period', 'history'] as const) if (url.searchParams.has(k)) input[k] = url.searchParams.get(k);
  return Response.json(await getBudget(ctx, input));
});

/** Changes fields of a budget (each given field replaces the stored one); `{ "paused": true }` alone pauses or resumes it. */
export const PATCH = route<Params>({ person: 'budgets:edit' }, async (req, ctx, { params }) => {
  const id = (await params).id;
  const body = await readJsonObject(req);
  const keys = Object.keys(body);
  if (keys.length === 1 && keys[0] === 'paused') return Response.json({ budget: await setBudgetPaused(ctx, { id, paused: body.paused }) });
  return Response.json({ budget: await updateBudget(ctx, { ...body, id }) });
});

export const DELETE = route<Params>({ person: 'budgets:edit' }, async (_req, ctx, { params }) =>
  Response.json(await deleteBudget(ctx, { id: (await params).id })),
);
