/**
 * The running app's scheduler: one per process, started by instrumentation.ts once the environment is valid.
 * It opens the app's database (retrying while it is unreachable: /api/health says so meanwhile) and stops
 * cleanly on SIGTERM/SIGINT through the shutdown hook scripts/serve.mjs awaits before it exits.
 */
import { appHandle } from '../context';
import { type Scheduler, startScheduler } from './scheduler';

const SHUTDOWN = Symbol.for('switchyard.shutdown');
const RETRY_MS = 10_000;
const state = globalThis as unknown as { __switchyardScheduler?: Promise<Scheduler | null>; [SHUTDOWN]?: (() => Promise<void>)[] };

export function startAppScheduler(): void {
  if (state.__switchyardScheduler) return;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  state.__switchyardScheduler = new Promise<Scheduler | null>((resolve) => {
    const attempt = () => {
      if (stopped) return resolve(null);
      appHandle()
        .then((handle) => resolve(startScheduler(handle)))
        .catch((err) => {
          console.error(`[switchyard] the scheduler waits for the database (retrying in ${RETRY_MS / 1000} s)`, err);
          timer = setTimeout(attempt, RETRY_MS);
          timer.unref();
        });
    };
    attempt();
  });
  state[SHUTDOWN] ??= [];
  state[SHUTDOWN].push(async () => {
    stopped = true;
    clearTimeout(timer);
    await (await state.__switchyardScheduler)?.stop();
  });
}
