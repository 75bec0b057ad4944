/**
 * "A routing version was published", heard by every app instance within a second: on Postgres each process
 * LISTENs on ROUTING_CHANNEL (the publish's NOTIFY is delivered at commit, to every instance); on the embedded
 * database there is one process, which announces in-process after the commit. Both feed one emitter per database
 * handle; long-polls wait on it (services/routing/pull-routing.ts). Waiters re-check the database themselves, so a
 * doubled or lost signal costs at most a wasted read or the waiter's safety re-check.
 */
import type { DatabaseHandle } from './client';
import { ROUTING_CHANNEL } from './queries/routing';

export interface RoutingNotifier {
  /** `done` resolves on the next announced version (or after `ms`, or when `signal` aborts, or on cancel): never rejects. */
  next(ms: number, signal?: AbortSignal): { done: Promise<void>; cancel(): void };
  /** Wakes this instance's waiters (the embedded database's path; harmless on Postgres). */
  announce(version: number): void;
  /** Resolves once this instance listens (Postgres), at once otherwise. */
  ready: Promise<void>;
  /** Counts the signals heard: a value read under one generation is known unchanged until the next. */
  generation(): number;
  /** Whether this instance hears other instances' publishes (LISTEN is up, or there is only this process). */
  hearsEveryPublish(): boolean;
}

const notifiers = new WeakMap<DatabaseHandle, RoutingNotifier>();

export function routingNotifier(handle: DatabaseHandle): RoutingNotifier {
  let n = notifiers.get(handle);
  if (!n) {
    n = createNotifier(handle);
    notifiers.set(handle, n);
  }
  return n;
}

function createNotifier(handle: DatabaseHandle): RoutingNotifier {
  const waiters = new Set<() => void>();
  let generation = 0;
  let listening = handle.driver !== 'postgres';
  const wakeAll = () => {
    generation++;
    for (const w of [...waiters]) w();
  };
  let ready: Promise<void> = Promise.resolve();
  if (handle.driver === 'postgres' && handle.listen) {
    ready = handle
      .listen(ROUTING_CHANNEL, wakeAll)
      .then(() => {
        listening = true;
      })
      .catch((err: Error) => {
        // Long-polls still answer: waiters re-check the database every few seconds.
        console.error('[switchyard] routing: LISTEN failed; long-polls fall back to re-checking', err.message);
      });
  }
  return {
    ready,
    generation: () => generation,
    hearsEveryPublish: () => listening,
    announce: () => wakeAll(),
    next(ms, signal) {
      let cancel = () => {};
      const done = new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(finish);
          signal?.removeEventListener('abort', finish);
          resolve();
        };
        const timer = setTimeout(finish, Math.max(0, ms));
        waiters.add(finish);
        signal?.addEventListener('abort', finish, { once: true });
        cancel = finish;
      });
      return { done, cancel };
    },
  };
}
