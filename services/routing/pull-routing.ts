import 'server-only';
/**
 * GET /api/v1/routing for gateways (a project key with routing:read): the published document and its version, a
 * strong ETag from the body's content, `If-None-Match` → 304, and `wait` (0–60 s) long-polls: with a matching
 * `If-None-Match` the answer waits for the next publish (200) or the end of the wait (304). Woken by the routing
 * notifier (LISTEN/NOTIFY on Postgres, in-process on the embedded database), with a re-check every few seconds in
 * case a signal is lost. The body of a version is built once per process (versions are immutable). A gateway that
 * names itself is recorded (at most every 10 s per gateway unless what it runs changes).
 */
import { createHash } from 'node:crypto';
import type { DatabaseHandle } from '@/db/client';
import { getPublishedVersionNumber, getRoutingVersion, recordGatewayPull } from '@/db/queries/routing';
import { routingNotifier } from '@/db/routing-notifier';
import { assertScope } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';

export const MAX_WAIT_SECONDS = 60;
/** How often a waiting pull re-reads the pointer even without a signal. */
export const RECHECK_MS = 5_000;
const RECORD_EVERY_MS = 10_000;
export const GATEWAY_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

const schema = z.object({
  ifNoneMatch: z.string().max(2000).nullish(),
  wait: z
    .string()
    .nullish()
    .transform((w, c) => {
      if (w === null || w === undefined || w === '') return 0;
      const n = Number(w);
      if (!Number.isInteger(n) || n < 0 || n > MAX_WAIT_SECONDS) {
        c.addIssue({ code: 'custom', message: `wait is a whole number of seconds, 0–${MAX_WAIT_SECONDS}.` });
        return z.NEVER;
      }
      return n;
    }),
  gatewayId: z.string().nullish(),
  gatewayVersion: z.string().nullish(),
  userAgent: z.string().nullish(),
});

export type PullAnswer = { status: 200; etag: string; body: string } | { status: 304; etag: string };

interface Served {
  version: number;
  etag: string;
  body: string;
}
const served = new WeakMap<DatabaseHandle, Served>();
const loading = new WeakMap<DatabaseHandle, Promise<Served | null>>();
const recorded = new Map<string, { at: number; version: number | null }>();
/** The published number as last read, trusted while no signal came and for at most POINTER_TTL_MS. */
const pointers = new WeakMap<DatabaseHandle, { number: number | null; generation: number; at: number }>();
/** Bounds staleness even if a NOTIFY were lost (a dropped LISTEN connection is re-made by postgres.js). */
const POINTER_TTL_MS = 500;

async function publishedNumber(handle: DatabaseHandle): Promise<number | null> {
  const notifier = routingNotifier(handle);
  const seen = pointers.get(handle);
  const now = Date.now();
  if (seen && notifier.hearsEveryPublish() && seen.generation === notifier.generation() && now - seen.at < POINTER_TTL_MS)
    return seen.number;
  const generation = notifier.generation();
  const number = await getPublishedVersionNumber(handle.db);
  pointers.set(handle, { number, generation, at: now });
  return number;
}

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/** The body gateways get for the published version (built once per version per process). */
async function current(handle: DatabaseHandle): Promise<Served | null> {
  const number = await publishedNumber(handle);
  if (number === null) return null;
  const cached = served.get(handle);
  if (cached?.version === number) return cached;
  let pending = loading.get(handle);
  if (!pending) {
    pending = (async () => {
      const row = await getRoutingVersion(handle.db, { number });
      if (!row) return null;
      const body = JSON.stringify({
        version: row.number,
        publishedAt: row.publishedAt.toISOString(),
        note: row.note,
        document: row.document,
      });
      const s = { version: row.number, etag: etagOf(body), body };
      served.set(handle, s);
      return s;
    })().finally(() => loading.delete(handle));
    loading.set(handle, pending);
  }
  const s = await pending;
  // Another version may have been published while one was loading: read again.
  return s && s.version >= number ? s : current(handle);
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly. */
function matches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === etag);
}

export async function pullRouting(ctx: ServiceContext, input: unknown, signal?: AbortSignal): Promise<PullAnswer> {
  assertScope(ctx.actor, 'routing:read');
  const { ifNoneMatch, wait, gatewayId, gatewayVersion, userAgent } = parseInput(schema, input, 'api');
  if (ctx.actor.kind === 'api_key' && gatewayId && GATEWAY_ID_PATTERN.test(gatewayId)) {
    const v = gatewayVersion && /^\d{1,9}$/.test(gatewayVersion) ? Number(gatewayVersion) : null;
    await noteGateway(ctx, ctx.actor.projectId, gatewayId, v, userAgent?.slice(0, 300) ?? null);
  }
  const notifier = routingNotifier(ctx.handle);
  await notifier.ready;
  const deadline = Date.now() + wait * 1000;
  for (;;) {
    // Subscribe before reading, so a publish between the read and the wait still wakes this pull.
    const left = deadline - Date.now();
    const woken = left > 0 ? notifier.next(Math.min(left, RECHECK_MS), signal) : null;
    let s: Served | null;
    try {
      s = await current(ctx.handle);
    } catch (err) {
      woken?.cancel();
      throw err;
    }
    const answer: PullAnswer | null =
      s === null
        ? null
        : !matches(ifNoneMatch, s.etag)
          ? { status: 200, etag: s.etag, body: s.body }
          : woken === null || signal?.aborted
            ? { status: 304, etag: s.etag }
            : null;
    if (s === null || answer !== null) {
      woken?.cancel();
      if (s === null) throw new AppError('not_found:routing', 'No routing version is published.');
      return answer!;
    }
    await woken!.done;
    if (signal?.aborted) return { status: 304, etag: s.etag };
  }
}

async function noteGateway(ctx: ServiceContext, projectId: string, gatewayId: string, version: number | null, userAgent: string | null) {
  const key = `${projectId}\u0000${gatewayId}`;
  const last = recorded.get(key);
  const now = Date.now();
  if (last && last.version === version && now - last.at < RECORD_EVERY_MS) return;
  recorded.set(key, { at: now, version });
  if (recorded.size > 10_000) recorded.clear();
  await recordGatewayPull(ctx.db, { projectId, gatewayId, runningVersion: version, userAgent, at: ctx.now });
}
