import { readJsonObject } from '@/server/http/json-body';
import { route } from '@/server/http/route';
import { createBudget } from '@/services/budgets/create-budget';
import { listBudgets } from '@/services/budgets/list-budgets';

export const dynamic = 'force-dynamic';

/** Every budget with its current period's spend and state (docs/api.md "Budgets"). */
export const GET = route({ person: 'dashboards:read' }, async (_req, ctx) => Response.json(await listBudgets(ctx, {})));

/** Creates a budget: 201 with the budget, or 400 `bad_request:budget` with `fields` and `issues` (nothing saved). */
export const POST = route({ person: 'budgets:edit' }, async (req, ctx) =>
  Response.json({ budget: await createBudget(ctx, await readJsonObject(req)) }, { status: 201 }),
);
