import 'server-only';
/** One published version, document included. Unknown → `not_found:routing`. */
import { getPublishedVersionNumber, getRoutingVersion as getVersion } from '@/db/queries/routing';
import type { RoutingVersionRow } from '@/db/schema';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';

export const versionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);
const schema = z.object({ version: versionNumberSchema });

export async function getRoutingVersion(ctx: ServiceContext, input: unknown): Promise<RoutingVersionRow & { published: boolean }> {
  assertCan(ctx.actor, 'dashboards:read');
  const { version } = parseInput(schema, input, 'routing');
  const [row, published] = await Promise.all([getVersion(ctx.db, { number: version }), getPublishedVersionNumber(ctx.db)]);
  if (!row) throw new AppError('not_found:routing', `There is no routing version ${version}.`);
  return { ...row, published: row.number === published };
}
