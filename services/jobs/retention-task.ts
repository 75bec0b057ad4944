import 'server-only';
/** Retention as a periodic task: with SWITCHYARD_RETENTION_MONTHS set, expired raw-event months are dropped hourly. */
import { applyRetention } from '@/db/ingest/retention';
import { RETENTION_EVERY_MS, retentionMonths } from '@/lib/ingest/settings';
import { definePeriodicTask } from './job-kind';

export const retentionTask = definePeriodicTask({
  name: 'retention',
  everyMs: RETENTION_EVERY_MS,
  enabled: () => retentionMonths() !== undefined,
  run: async (ctx) => {
    const months = retentionMonths();
    if (months) await applyRetention(ctx.handle, { months, now: ctx.now });
  },
});
