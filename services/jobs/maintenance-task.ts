import 'server-only';
/** The embedded database's autovacuum as a periodic task: every minute, a VACUUM (ANALYZE) pass if one is due. */
import { maintainIfDue } from '@/db/maintenance';
import { definePeriodicTask } from './job-kind';

export const maintenanceTask = definePeriodicTask({
  name: 'embedded-maintenance',
  everyMs: 60_000,
  enabled: (ctx) => ctx.handle.maintainsItself,
  run: async (ctx) => {
    await maintainIfDue(ctx.handle);
  },
});
