import 'server-only';
/**
 * The alert ledger, newest first (the Alerts page): each alert with its budget (the name as of the alert, from its
 * payload, and whether the budget still exists), period, trigger, spend at the time and the channels it was sent
 * to. Delivery status per channel is h/channels' (their deliveries table); this lists what the ledger holds.
 */
import { z } from 'zod';
import { listAlertRows, listChannelRefs } from '@/db/queries/budget-alerts';
import { listBudgetRows } from '@/db/queries/budgets';
import type { Alert } from '@/db/tables/alerts';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import type { ServiceContext } from '../context';

const schema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.date().optional(),
  budgetId: z.guid().optional(),
});

export interface ListedAlert extends Alert {
  budgetName: string;
  budgetExists: boolean;
  channels: Array<{ id: string; name: string | null; kind: string | null }>;
}

export async function listAlerts(ctx: ServiceContext, input: unknown = {}): Promise<ListedAlert[]> {
  assertCan(ctx.actor, 'dashboards:read');
  const { limit, before, budgetId } = parseInput(schema, input, 'alert');
  const [rows, budgets, channels] = await Promise.all([
    listAlertRows(ctx.db, { limit, before, budgetId }),
    listBudgetRows(ctx.db),
    listChannelRefs(ctx.db),
  ]);
  const names = new Map(budgets.map((b) => [b.id, b.name]));
  const channelById = new Map(channels.map((c) => [c.id, c]));
  return rows.map((a) => ({
    ...a,
    budgetName: names.get(a.budgetId) ?? a.payload.data.budget.name,
    budgetExists: names.has(a.budgetId),
    channels: a.channelIds.map((id) => ({ id, name: channelById.get(id)?.name ?? null, kind: channelById.get(id)?.kind ?? null })),
  }));
}
