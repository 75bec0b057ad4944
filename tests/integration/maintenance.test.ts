/**
 * The embedded database has no autovacuum (PGlite runs Postgres in single-user mode), so the process
 * vacuums and analyses the usage tables itself after enough writes. A Postgres server does its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMigratedDatabase, type DatabaseHandle } from '@/db/client';
import { maintainIfDue, noteUsageWritten } from '@/db/maintenance';
import { generateDemoEvents } from '@/lib/demo/generator';
import { ingestItems } from '@/services/ingest/ingest-items';
import { openTestDatabase } from '../helpers/database';
import { asSystem, makeProject } from '../helpers/fixtures';

const END = new Date('2026-11-05T00:00:00Z');
const folders: string[] = [];
afterAll(() => {
  for (const f of folders) fs.rmSync(f, { recursive: true, force: true });
});

async function ingestDemo(handle: DatabaseHandle) {
  const project = await makeProject(handle);
  const items = [...generateDemoEvents({ seed: 5, days: 3, end: END })].map((e) => ({ ok: true as const, value: e.event }));
  return ingestItems(asSystem(handle), { projectId: project.id, items, window: { now: END, lateArrivalDays: null } });
}

const statsOf = async (handle: DatabaseHandle, table: string) =>
  (
    await handle.rawQuery(
      `select c.reltuples::float8 as tuples, s.last_vacuum, s.last_analyze from pg_class c join pg_stat_user_tables s on s.relid
        = c.oid where c.relname = $1`,
      [table],
    )
  )[0]!;

describe('embedded maintenance', () => {
  it('an embedded database on disk vacuums and analyses its usage tables once enough events were written', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-maintenance-'));
    folders.push(folder);
    const handle = await openMigratedDatabase({ driver: 'pglite', dataDir: folder });
    try {
      expect(handle.maintainsItself).toBe(true);
      const { accepted } = await ingestDemo(handle);
      expect(accepted).toBeGreaterThan(100);
      // Below the default threshold nothing ran: no statistics, as autovacuum never runs here.
      expect(await statsOf(handle, 'usage_hourly')).toMatchObject({ tuples: -1, last_vacuum: null, last_analyze: null });
      const policy = { afterEvents: 100, everyMs: 60_000 };
      // The write path counted the events; the scheduler's periodic task runs the pass once it is due.
      expect(await maintainIfDue(handle, Date.now(), policy)).toBe(true);
      for (const table of ['usage_hourly', 'usage_daily', 'usage_event_ids', 'usage_sessions']) {
        const stats = await statsOf(handle, table);
        expect(stats.tuples, table).toBeGreaterThan(0);
        expect(stats.last_vacuum, table).not.toBeNull();
        expect(stats.last_analyze, table).not.toBeNull();
      }
      // Not again right away, whatever the writes.
      noteUsageWritten(handle, 10_000);
      expect(await maintainIfDue(handle, Date.now(), policy)).toBe(false);
    } finally {
      await handle.close();
    }
  });

  it('a Postgres server, or a throw-away in-memory database, is left to itself', async () => {
    const t = await openTestDatabase();
    try {
      expect(t.maintainsItself).toBe(false);
      noteUsageWritten(t, 1_000_000);
      expect(await maintainIfDue(t, Date.now(), { afterEvents: 1, everyMs: 0 })).toBe(false);
    } finally {
      await t.destroy();
    }
  });
});
