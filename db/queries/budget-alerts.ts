/**
 * The alert ledger as budgets write and read it (db/tables/alerts.ts): one row per (budget, period key, trigger)
 * under the unique key `alerts_once`, inserted with ON CONFLICT DO NOTHING — the instance whose insert returns
 * the row is the one that raised the alert. Deliveries (h/channels) read the same rows.
 */
import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { type Alert, alertChannels, alerts } from '../tables/alerts';

export type NewAlert = Pick<Alert, 'id' | 'budgetId' | 'periodKey' | 'trigger' | 'type' | 'spendMicros' | 'payload' | 'channelIds'> & {
  createdAt?: Date;
};

/** The row, or null when the ledger already holds this (budget, period, trigger). */
export async function insertAlertOnce(db: Database, values: NewAlert): Promise<Alert | null> {
  const [row] = await db
    .insert(alerts)
    .values(values)
    .onConflictDoNothing({ target: [alerts.budgetId, alerts.periodKey, alerts.trigger] })
    .returning();
  return row ?? null;
}

/** The ledger rows of these budgets in these periods (keys), for the evaluator's "already alerted" sets. */
export async function listLedgerRows(
  db: Database,
  { budgetIds, periodKeys }: { budgetIds: readonly string[]; periodKeys?: readonly string[] },
): Promise<Array<Pick<Alert, 'id' | 'budgetId' | 'periodKey' | 'trigger' | 'createdAt' | 'rearmedAt'>>> {
  if (budgetIds.length === 0 || periodKeys?.length === 0) return [];
  const where = [inArray(alerts.budgetId, [...budgetIds]), ...(periodKeys ? [inArray(alerts.periodKey, [...periodKeys])] : [])];
  return db
    .select({
      id: alerts.id,
      budgetId: alerts.budgetId,
      periodKey: alerts.periodKey,
      trigger: alerts.trigger,
      createdAt: alerts.createdAt,
      rearmedAt: alerts.rearmedAt,
    })
    .from(alerts)
    .where(and(...where));
}

/** The rolling episodes' rows of these budgets (period keys `rolling:…:e<n>`). */
export async function listRollingLedgerRows(db: Database, { budgetIds }: { budgetIds: readonly string[] }) {
  if (budgetIds.length === 0) return [];
  return db
    .select({
      id: alerts.id,
      budgetId: alerts.budgetId,
      periodKey: alerts.periodKey,
      trigger: alerts.trigger,
      createdAt: alerts.createdAt,
      rearmedAt: alerts.rearmedAt,
    })
    .from(alerts)
    .where(and(inArray(alerts.budgetId, [...budgetIds]), sql`${alerts.periodKey} ~ '^rolling:[0-9]+[hd]:e[0-9]+$'`));
}

/** Ends a rolling episode once (the first instance's update wins). */
export async function rearmAlert(db: Database, { id, at }: { id: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(alerts)
    .set({ rearmedAt: at })
    .where(and(eq(alerts.id, id), isNull(alerts.rearmedAt)))
    .returning({ id: alerts.id });
  return rows.length > 0;
}

export async function listAlertRows(
  db: Database,
  { limit, before, budgetId }: { limit: number; before?: Date; budgetId?: string },
): Promise<Alert[]> {
  const where = [...(before ? [lt(alerts.createdAt, before)] : []), ...(budgetId ? [eq(alerts.budgetId, budgetId)] : [])];
  return db
    .select()
    .from(alerts)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(limit);
}

export async function acknowledgeAlertRow(db: Database, { id, userId, at }: { id: string; userId: string | null; at: Date }) {
  const [row] = await db
    .update(alerts)
    .set({ acknowledgedAt: at, acknowledgedBy: userId })
    .where(and(eq(alerts.id, id), isNull(alerts.acknowledgedAt)))
    .returning();
  return row;
}

export async function getAlertRow(db: Database, { id }: { id: string }): Promise<Alert | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

/**
 * The alert channels' ids and names (for the budget form and for checking a budget's channel ids). Read here
 * until h/channels' listAlertChannels service is merged; the table is theirs.
 */
export async function listChannelRefs(db: Database): Promise<Array<{ id: string; name: string; kind: string }>> {
  return db.select({ id: alertChannels.id, name: alertChannels.name, kind: alertChannels.kind }).from(alertChannels);
}
