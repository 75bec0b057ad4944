import 'server-only';
/** Published versions, newest first: who, when, change note, and which version a rollback republished. */
import { getPublishedVersionNumber, listRoutingVersions as listVersions, type RoutingVersionSummary } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';

const schema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).default({ limit: 100 });

export async function listRoutingVersions(
  ctx: ServiceContext,
  input: unknown = {},
): Promise<{ published: number | null; versions: (RoutingVersionSummary & { published: boolean })[] }> {
  assertCan(ctx.actor, 'dashboards:read');
  const { limit } = parseInput(schema, input ?? {});
  const [versions, published] = await Promise.all([listVersions(ctx.db, { limit }), getPublishedVersionNumber(ctx.db)]);
  return { published, versions: versions.map((v) => ({ ...v, published: v.number === published })) };
}
