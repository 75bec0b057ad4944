/**
 * Autovacuum's job, for the embedded database. PGlite runs Postgres in single-user mode, where autovacuum
 * never runs (its setting reads "on", yet no table is ever vacuumed or analysed): the planner would have no
 * statistics, BRIN ranges would stay unsummarised and upserted rollups would keep every dead row version.
 * So after enough usage writes the process itself runs VACUUM (ANALYZE) on each usage table, one at a time
 * (each briefly holds the single connection), as the
 * scheduler's periodic task `embedded-maintenance`. A Postgres server runs autovacuum: nothing is done there.
 */
import { ROLLUP_TABLES } from '@/lib/ingest/rollup-grains';
import type { DatabaseHandle } from './client';

export interface MaintenancePolicy {
  /** Events written since the last pass before another is due. */
  afterEvents: number;
  /** At most one pass per this many milliseconds. */
  everyMs: number;
}

export const DEFAULT_MAINTENANCE_POLICY: MaintenancePolicy = { afterEvents: 20_000, everyMs: 10 * 60_000 };

/** The tables ingestion writes (a partitioned table's VACUUM covers its partitions). */
export const USAGE_TABLES: readonly string[] = ['usage_events', 'usage_event_ids', ...ROLLUP_TABLES, 'usage_sessions'];

interface MaintenanceState {
  eventsSince: number;
  lastRunAt: number;
  running: Promise<void> | null;
}

/** Whether a pass is due. Pure. */
export function maintenanceDue(
  { eventsSince, lastRunAt, running }: { eventsSince: number; lastRunAt: number; running: boolean },
  now: number,
  policy = DEFAULT_MAINTENANCE_POLICY,
): boolean {
  return !running && eventsSince >= policy.afterEvents && now - lastRunAt >= policy.everyMs;
}

/** VACUUM (ANALYZE) of every usage table, now. */
export async function maintainUsageTables(handle: DatabaseHandle): Promise<void> {
  for (const table of USAGE_TABLES) await handle.rawQuery(`vacuum (analyze) ${table}`, []);
}

const states = new WeakMap<DatabaseHandle, MaintenanceState>();

function stateOf(handle: DatabaseHandle): MaintenanceState {
  const state = states.get(handle) ?? { eventsSince: 0, lastRunAt: 0, running: null };
  states.set(handle, state);
  return state;
}

/** Counts usage events written through a handle that maintains itself (the write path calls it; nothing runs here). */
export function noteUsageWritten(handle: DatabaseHandle, events: number): void {
  if (!handle.maintainsItself || events <= 0) return;
  stateOf(handle).eventsSince += events;
}

/**
 * On a handle that maintains itself (embedded, on disk), runs a pass when one is due and waits for it; true
 * when one ran. The scheduler's `embedded-maintenance` task calls it every minute (services/jobs/registry.ts).
 */
export async function maintainIfDue(handle: DatabaseHandle, now = Date.now(), policy = DEFAULT_MAINTENANCE_POLICY): Promise<boolean> {
  if (!handle.maintainsItself) return false;
  const state = stateOf(handle);
  if (!maintenanceDue({ eventsSince: state.eventsSince, lastRunAt: state.lastRunAt, running: state.running !== null }, now, policy))
    return false;
  state.eventsSince = 0;
  state.lastRunAt = now;
  state.running = maintainUsageTables(handle).finally(() => {
    state.running = null;
  });
  await state.running;
  return true;
}

/** Waits for a pass in progress (before closing a handle). */
export async function settleMaintenance(handle: DatabaseHandle): Promise<void> {
  await states.get(handle)?.running?.catch(() => {});
}
