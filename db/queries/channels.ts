/**
 * Alert channels and their deliveries: data access only (services/channels decide who may do what and when an
 * attempt is due). See db/tables/deliveries.ts for the claim protocol.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import {
  type AlertChannel,
  type AlertDelivery,
  alertChannels,
  alertDeliveries,
  alertDeliveryAttempts,
  alerts,
  type DeliveryStatus,
} from '../schema';

type ChannelConfig = AlertChannel['config'];

export async function insertAlertChannel(
  db: Database,
  values: { kind: AlertChannel['kind']; name: string; config: ChannelConfig; secret: string | null; createdBy: string | null },
): Promise<AlertChannel> {
  const [row] = await db.insert(alertChannels).values(values).returning();
  return row!;
}

export async function updateAlertChannel(
  db: Database,
  { id, name, config, now }: { id: string; name: string; config: ChannelConfig; now: Date },
): Promise<AlertChannel | undefined> {
  const [row] = await db.update(alertChannels).set({ name, config, updatedAt: now }).where(eq(alertChannels.id, id)).returning();
  return row;
}

export async function deleteAlertChannel(db: Database, { id }: { id: string }): Promise<AlertChannel | undefined> {
  const [row] = await db.delete(alertChannels).where(eq(alertChannels.id, id)).returning();
  return row;
}

export async function getAlertChannelById(db: Database, { id, lock = false }: { id: string; lock?: boolean }) {
  const q = db.select().from(alertChannels).where(eq(alertChannels.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function listAlertChannelRows(db: Database): Promise<AlertChannel[]> {
  return db.select().from(alertChannels).orderBy(asc(alertChannels.name), asc(alertChannels.id));
}

/** One delivery per (alert, channel named in its channel_ids that exists); returns how many were created. */
export async function createMissingDeliveries(db: Database, { now }: { now: Date }): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      insert into alert_deliveries (alert_id, channel_id, status, next_attempt_at)
      select a.id, c.id, 'pending', ${now.toISOString()}::timestamptz
      from alerts a join alert_channels c on c.id = any(a.channel_ids)
      where not exists (select 1 from alert_deliveries d where d.alert_id = a.id and d.channel_id = c.id)
      on conflict on constraint alert_deliveries_once do nothing
      returning id`),
  );
  return rows.length;
}

/**
 * Claims due deliveries (at most `perChannel` of one channel, so one channel's backlog cannot fill the batch):
 * counts the attempt and moves next_attempt_at to `leaseUntil`, in one statement whose rows are locked with
 * SKIP LOCKED — a row another worker holds is passed over, and one it has claimed is no longer due.
 */
export async function claimDueDeliveries(
  db: Database,
  { now, leaseUntil, limit, perChannel }: { now: Date; leaseUntil: Date; limit: number; perChannel: number },
): Promise<AlertDelivery[]> {
  const at = now.toISOString();
  const ids = rowsOf<{ id: string }>(
    await db.execute(sql`
      with candidates as (
        select id from (
          select id, next_attempt_at, row_number() over (partition by channel_id order by next_attempt_at, id) as rn
          from alert_deliveries
          where status in ('pending', 'retrying') and next_attempt_at <= ${at}::timestamptz
        ) ranked
        where rn <= ${perChannel}
        order by next_attempt_at, id
        limit ${limit}
      ), locked as (
        select d.id from alert_deliveries d
        where d.id in (select id from candidates)
          and d.status in ('pending', 'retrying') and d.next_attempt_at <= ${at}::timestamptz
        for update skip locked
      )
      update alert_deliveries d
      set attempts = d.attempts + 1,
          first_attempt_at = coalesce(d.first_attempt_at, ${at}::timestamptz),
          last_attempt_at = ${at}::timestamptz,
          next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
      from locked where d.id = locked.id
      returning d.id`),
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  return db.select().from(alertDeliveries).where(inArray(alertDeliveries.id, ids));
}

export async function insertTestDelivery(db: Database, { channelId, now }: { channelId: string; now: Date }): Promise<AlertDelivery> {
  const [row] = await db
    .insert(alertDeliveries)
    .values({ channelId, isTest: true, status: 'pending', attempts: 1, firstAttemptAt: now, lastAttemptAt: now, nextAttemptAt: null })
    .returning();
  return row!;
}

export async function alertPayloadsByIds(db: Database, { ids }: { ids: string[] }) {
  if (ids.length === 0) return new Map<string, (typeof alerts.$inferSelect)['payload']>();
  const rows = await db.select({ id: alerts.id, payload: alerts.payload }).from(alerts).where(inArray(alerts.id, ids));
  return new Map(rows.map((r) => [r.id, r.payload]));
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  outcome: 'delivered' | 'retry' | 'failed';
  error: string | null;
  /** The delivery after this attempt. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * Logs an attempt and moves its delivery on — only while the delivery is still at that attempt (a worker whose
 * lease ran out and whose delivery another worker took again changes nothing); true when it did.
 */
export async function recordAttempt(db: Database, r: AttemptRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(alertDeliveries)
      .set({ status: r.status, nextAttemptAt: r.nextAttemptAt, lastError: r.error, deliveredAt: r.deliveredAt })
      .where(and(eq(alertDeliveries.id, r.deliveryId), eq(alertDeliveries.attempts, r.attempt)))
      .returning({ id: alertDeliveries.id });
    if (updated.length === 0) return false;
    await tx
      .insert(alertDeliveryAttempts)
      .values({
        deliveryId: r.deliveryId,
        attempt: r.attempt,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        statusCode: r.statusCode,
        outcome: r.outcome,
        error: r.error,
      })
      .onConflictDoNothing();
    return true;
  });
}

export interface DeliveryView {
  id: string;
  alertId: string | null;
  channelId: string;
  channelName: string;
  channelKind: AlertChannel['kind'];
  isTest: boolean;
  status: DeliveryStatus;
  attempts: number;
  firstAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** The last logged attempt's status code (HTTP or SMTP), if something answered. */
  lastStatusCode: number | null;
}

const viewColumns = {
  id: alertDeliveries.id,
  alertId: alertDeliveries.alertId,
  channelId: alertDeliveries.channelId,
  channelName: alertChannels.name,
  channelKind: alertChannels.kind,
  isTest: alertDeliveries.isTest,
  status: alertDeliveries.status,
  attempts: alertDeliveries.attempts,
  firstAttemptAt: alertDeliveries.firstAttemptAt,
  lastAttemptAt: alertDeliveries.lastAttemptAt,
  nextAttemptAt: alertDeliveries.nextAttemptAt,
  lastError: alertDeliveries.lastError,
  deliveredAt: alertDeliveries.deliveredAt,
  createdAt: alertDeliveries.createdAt,
  lastStatusCode: sql<number | null>`(select a.status_code from alert_delivery_attempts a
    where a.delivery_id = ${alertDeliveries.id} order by a.attempt desc limit 1)`,
};

export async function listDeliveriesForAlerts(db: Database, { alertIds }: { alertIds: string[] }): Promise<DeliveryView[]> {
  if (alertIds.length === 0) return [];
  return db
    .select(viewColumns)
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(inArray(alertDeliveries.alertId, alertIds))
    .orderBy(asc(alertChannels.name), asc(alertDeliveries.id));
}

/** The newest `perChannel` deliveries (tests included) of each channel. */
export async function listRecentDeliveriesByChannel(db: Database, { perChannel }: { perChannel: number }): Promise<DeliveryView[]> {
  const ranked = db
    .select({
      id: alertDeliveries.id,
      rn: sql<number>`row_number() over (partition by ${alertDeliveries.channelId} order by ${alertDeliveries.createdAt} desc,
        ${alertDeliveries.id} desc)`.as('rn'),
    })
    .from(alertDeliveries)
    .as('ranked');
  return db
    .select(viewColumns)
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .innerJoin(ranked, eq(ranked.id, alertDeliveries.id))
    .where(sql`${ranked.rn} <= ${perChannel}`)
    .orderBy(desc(alertDeliveries.createdAt), desc(alertDeliveries.id));
}

export async function listAttemptsOfDelivery(db: Database, { deliveryId }: { deliveryId: string }) {
  return db
    .select()
    .from(alertDeliveryAttempts)
    .where(eq(alertDeliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(alertDeliveryAttempts.attempt));
}

export async function channelIdsOfAlerts(db: Database, { alertIds }: { alertIds: string[] }) {
  if (alertIds.length === 0) return [];
  return db.select({ id: alerts.id, channelIds: alerts.channelIds }).from(alerts).where(inArray(alerts.id, alertIds));
}

/** Adds a channel to every alert that does not name it yet (the demo's unreachable webhook); returns how many. */
export async function attachChannelToAlerts(db: Database, { channelId }: { channelId: string }): Promise<number> {
  const rows = await db
    .update(alerts)
    .set({ channelIds: sql`array_append(${alerts.channelIds}, ${channelId}::uuid)` })
    .where(sql`not (${channelId}::uuid = any(${alerts.channelIds}))`)
    .returning({ id: alerts.id });
  return rows.length;
}
