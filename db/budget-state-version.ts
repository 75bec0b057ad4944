/**
 * The budget state version as this instance knows it, for the state endpoint's 304 path: one query fewer a
 * request. Every instance's bump is heard over LISTEN (delivered at commit) and the version is still read from the
 * database at least once per TRUST_MS, so a notification lost while the listening connection reconnects costs at
 * most that long. A bump committed by this instance (`budgetStateChanged`) makes its next read go to the database,
 * so a process always sees its own changes at once.
 */
import type { DatabaseHandle } from './client';
import { subscribe } from './notifications';
import { BUDGET_STATE_CHANNEL, getBudgetStateVersion } from './queries/budgets';

const TRUST_MS = 1_000;

interface Watch {
  /** The highest version heard over LISTEN. */
  heard: number;
  /** The version last read from the database, and when (ms since the epoch; -Infinity: read again). */
  read: number;
  readAt: number;
  /** Counts this instance's own bumps: a read that started before one is not trusted. */
  changes: number;
  listening: boolean;
}

const watches = new WeakMap<DatabaseHandle['db'], Watch>();

function watchOf(handle: DatabaseHandle): Watch {
  const known = watches.get(handle.db);
  if (known) return known;
  const w: Watch = { heard: 0, read: 0, readAt: Number.NEGATIVE_INFINITY, changes: 0, listening: false };
  watches.set(handle.db, w);
  subscribe(handle, BUDGET_STATE_CHANNEL, (payload) => {
    const v = Number(payload);
    if (Number.isSafeInteger(v) && v > w.heard) w.heard = v;
  })
    .then(() => {
      w.listening = true;
    })
    // Without LISTEN every request reads the version from the database, as it did before this cache.
    .catch(() => {});
  return w;
}

export async function budgetStateVersion(handle: DatabaseHandle): Promise<number> {
  const now = Date.now();
  const w = watchOf(handle);
  if (w.listening && now - w.readAt < TRUST_MS) return Math.max(w.read, w.heard);
  const changes = w.changes;
  const version = await getBudgetStateVersion(handle.db);
  if (w.changes === changes) {
    w.read = version;
    w.readAt = now;
  }
  return Math.max(version, w.heard);
}

/** After this instance committed a bump of the version: its next read goes to the database. */
export function budgetStateChanged(handle: DatabaseHandle): void {
  const w = watches.get(handle.db);
  if (!w) return;
  w.changes += 1;
  w.readAt = Number.NEGATIVE_INFINITY;
}

/** Runs a transaction that bumps the version, then tells this instance (whether it committed or not: a read costs little). */
export async function afterBudgetStateBump<T>(handle: DatabaseHandle, transaction: Promise<T>): Promise<T> {
  try {
    return await transaction;
  } finally {
    budgetStateChanged(handle);
  }
}
