/**
 * Postgres notifications shared within a process: one LISTEN per (database, channel), however many waiters
 * (long-polls) subscribe. On Postgres the NOTIFY of any instance arrives; on PGlite (one process) the
 * embedded database delivers its own. A subscriber is told the payload; it re-reads what it needs.
 */
import type { DatabaseHandle } from './client';

interface Channel {
  listeners: Set<(payload: string) => void>;
  ready: Promise<void>;
}

const channels = new WeakMap<DatabaseHandle['db'], Map<string, Channel>>();

export async function subscribe(handle: DatabaseHandle, channel: string, listener: (payload: string) => void): Promise<() => void> {
  let byName = channels.get(handle.db);
  if (!byName) {
    byName = new Map();
    channels.set(handle.db, byName);
  }
  let entry = byName.get(channel);
  if (!entry) {
    const listeners = new Set<(payload: string) => void>();
    const ready = handle
      .listen(channel, (payload) => {
        for (const l of [...listeners]) l(payload);
      })
      .then(() => undefined);
    entry = { listeners, ready };
    byName.set(channel, entry);
    ready.catch(() => byName!.delete(channel));
  }
  entry.listeners.add(listener);
  await entry.ready;
  const listeners = entry.listeners;
  return () => {
    listeners.delete(listener);
  };
}
