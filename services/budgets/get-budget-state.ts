import 'server-only';
/**
 * GET /api/v1/budgets/state (docs/api.md "Gateway endpoints — the contract"): the budgets that apply to the
 * key's project with the evaluator's current status, and a strong ETag of the content (`generatedAt` left out).
 * The body of a project is cached per state version, and the version is known from LISTEN (db/budget-state-version.ts):
 * an unchanged version costs no query beyond the key's (the 304 path).
 * `wait` long-polls: with the caller's ETag still current, it waits for the state version to move (NOTIFY on
 * Postgres across instances, in-process on PGlite) and answers when the content changed or the time is up.
 */
import type { DatabaseHandle } from '@/db/client';
import { budgetStateVersion } from '@/db/budget-state-version';
import { BUDGET_STATE_CHANNEL, listBudgetRows, listBudgetStatusRows } from '@/db/queries/budgets';
import { listTiers } from '@/db/queries/models';
import { subscribe } from '@/db/notifications';
import { assertScope } from '@/lib/auth/guard';
import { gatewayStateBody, strongEtag } from '@/lib/budgets/record';
import { AppError } from '@/lib/errors';
import type { ServiceContext } from '../context';
import { storedBudget } from './budget-figures';

export interface BudgetStateAnswer {
  version: number;
  etag: string;
  /** The JSON body without `generatedAt` (the caller adds it). */
  content: ReturnType<typeof gatewayStateBody>;
}

interface Snapshot {
  version: number;
  /** Every budget with its status, read once per version for all projects and waiters. */
  items: Promise<{ items: Parameters<typeof gatewayStateBody>[0]; tiers: string[] }>;
  byProject: Map<string, BudgetStateAnswer>;
}

const cache = new WeakMap<DatabaseHandle['db'], Snapshot>();

async function stateOf(ctx: ServiceContext, projectId: string): Promise<BudgetStateAnswer> {
  const version = await budgetStateVersion(ctx.handle);
  let snap = cache.get(ctx.db);
  if (!snap || snap.version < version) {
    // Read under the version just seen: a change committed after it bumps the version again (read next time).
    snap = { version, items: readItems(ctx), byProject: new Map() };
    cache.set(ctx.db, snap);
    snap.items.catch(() => cache.delete(ctx.db));
  }
  const hit = snap.byProject.get(projectId);
  if (hit) return hit;
  const { items, tiers } = await snap.items;
  const content = gatewayStateBody(items, projectId, tiers);
  const answer = { version: snap.version, etag: strongEtag(JSON.stringify(content)), content };
  snap.byProject.set(projectId, answer);
  return answer;
}

async function readItems(ctx: ServiceContext) {
  const [rows, statuses, tiers] = await Promise.all([listBudgetRows(ctx.db), listBudgetStatusRows(ctx.db), listTiers(ctx.db)]);
  const byId = new Map(statuses.map((s) => [s.budgetId, s]));
  const items = rows.flatMap((r) => {
    const s = byId.get(r.id);
    return s ? [{ budget: storedBudget(r), status: { ...s, state: s.state } }] : [];
  });
  return { items, tiers: tiers.map((t) => t.name) };
}

export async function getBudgetState(
  ctx: ServiceContext,
  input: { ifNoneMatch?: string | null; waitSeconds?: number; signal?: AbortSignal; matches?: (etag: string) => boolean },
): Promise<BudgetStateAnswer> {
  assertScope(ctx.actor, 'routing:read');
  if (ctx.actor.kind !== 'api_key') throw new AppError('forbidden:api_key', 'Budget state is read with a project API key.');
  const projectId = ctx.actor.projectId;
  const first = await stateOf(ctx, projectId);
  const waitMs = Math.min(60, Math.max(0, input.waitSeconds ?? 0)) * 1000;
  const same = (a: BudgetStateAnswer) => (input.matches ? input.matches(a.etag) : a.etag === input.ifNoneMatch);
  if (waitMs === 0 || !same(first)) return first;

  // Notifications are counted, so one arriving while the state is being read is not lost: the loop reads again.
  let notified = 0;
  let wake: () => void = () => {};
  const unsubscribe = await subscribe(ctx.handle, BUDGET_STATE_CHANNEL, () => {
    notified += 1;
    wake();
  });
  const deadline = Date.now() + waitMs;
  try {
    let seen = notified;
    let answer = await stateOf(ctx, projectId); // a change between the first read and the LISTEN
    while (same(answer) && Date.now() < deadline && !input.signal?.aborted) {
      if (notified === seen)
        await new Promise<void>((resolve) => {
          // Re-read at least every 5 s in case a notification was lost (a dropped listen connection).
          const timer = setTimeout(resolve, Math.min(5_000, Math.max(0, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          input.signal?.addEventListener('abort', () => wake(), { once: true });
        });
      seen = notified;
      answer = await stateOf(ctx, projectId);
    }
    return answer;
  } finally {
    unsubscribe();
  }
}
