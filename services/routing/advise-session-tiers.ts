import 'server-only';
/**
 * Tier advice for a session's turns from the published routing table (lib/routing/tier-advice.ts): per turn, the
 * cheaper tier the table routes it to, or null. No published table: no advice (`version` null).
 */
import { listTiers } from '@/db/queries/models';
import { getPublishedRouting } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { cheaperTierFor, type TierAdvice } from '@/lib/routing/tier-advice';
import type { ServiceContext } from '../context';

export interface AdvisedTurn {
  mode: string | null;
  task: string | null;
  userId: string | null;
  tags: Record<string, string> | null;
  inputTokens: number;
  tier: string;
}

export async function adviseSessionTiers(
  ctx: ServiceContext,
  { projectSlug, turns }: { projectSlug: string; turns: readonly AdvisedTurn[] },
): Promise<{ version: number | null; advice: (TierAdvice | null)[] }> {
  assertCan(ctx.actor, 'dashboards:read');
  const [published, tiers] = await Promise.all([getPublishedRouting(ctx.db), listTiers(ctx.db)]);
  if (!published) return { version: null, advice: turns.map(() => null) };
  const compiled = compileRoutingDocument(published.document, { version: published.number });
  const order = tiers.map((t) => t.name);
  const advice = turns.map((t) =>
    cheaperTierFor(
      compiled,
      {
        mode: t.mode ?? undefined,
        task: t.task ?? undefined,
        project: projectSlug,
        user: t.userId ?? undefined,
        tags: t.tags ?? undefined,
        requestedModel: undefined,
        inputTokens: t.inputTokens,
        budgets: undefined,
      },
      t.tier,
      order,
    ),
  );
  return { version: published.number, advice };
}
