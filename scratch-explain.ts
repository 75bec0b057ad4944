import { openMigratedDatabase } from '@/db/client';
import { ensurePartitions, toJsonParameter, WRITE_EVENTS_SQL } from '@/db/ingest/write-events';
import { createProject } from '@/db/queries/projects';
import { generateDemoEvents } from '@/lib/demo/generator';
import { prepareRows } from '@/lib/ingest/ingest-batch';
import { createPricer, EMPTY_PRICING_CONFIG } from '@/lib/pricing/pricer';
async function main() {

const driver = process.argv[2] ?? 'pglite';
const h = await openMigratedDatabase(driver === 'pglite' ? { driver: 'pglite', dataDir: 'memory://' } : { driver: 'postgres', url: process.argv[3]! });
const project = await createProject(h.db, { actor: { kind: 'system', name: 'x' }, name: 'B', slug: 'b' + Date.now() });
const events = [];
for (let seed = 1; events.length < 21000; seed++) for (const { event } of generateDemoEvents({ seed, days: 30, end: new Date() })) { events.push({ ok: true as const, value: { ...event, event_id: `s${seed}_${event.event_id}` } }); if (events.length >= 21000) break; }
const { rows } = prepareRows(events, { now: new Date(), lateArrivalDays: null }, createPricer(EMPTY_PRICING_CONFIG));
await ensurePartitions(h, rows);
for (let i = 0; i < 20000; i += 1000) await h.rawPrepared(WRITE_EVENTS_SQL, [project.id, toJsonParameter(rows.slice(i, i + 1000))]);
await h.rawQuery('begin', []);
const plan = await h.rawQuery('explain (analyze, costs off, timing on) ' + WRITE_EVENTS_SQL, [project.id, toJsonParameter(rows.slice(20000, 21000))]);
await h.rawQuery('rollback', []);
for (const r of plan) console.log(Object.values(r)[0]);
await h.close();

}
main().then(() => process.exit(0));
