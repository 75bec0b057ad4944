import 'server-only';
/**
 * Filter values as typed, matched without regard to case: "Code" finds `code`. Dimensions lower-cased at
 * ingest (lib/ingest/event-schema.ts) are lower-cased here; the others are looked up in the rollups over
 * the view's period and projects, and the view then filters on those exact stored values, so no aggregate
 * compares lower-cased text. A value nothing matches is kept as typed: it matches nothing, honestly.
 */
import { listDimensionValuesLike, type ValueWindow } from '@/db/queries/dimension-values';
import { assertCan } from '@/lib/auth/guard';
import type { ExplorerState, FilterDimension } from '@/lib/usage/explorer-state';
import { STORED_LOWER_CASE } from '@/lib/usage/stored-case';
import type { ServiceContext } from '../context';

export async function resolveFilterValues(
  ctx: ServiceContext,
  { values, tags, window }: { values: ExplorerState['values']; tags: ExplorerState['tags']; window: ValueWindow },
): Promise<{ values: ExplorerState['values']; tags: ExplorerState['tags'] }> {
  assertCan(ctx.actor, 'dashboards:read');
  const resolve = async (dimension: FilterDimension | `tag:${string}`, typed: readonly string[]) => {
    const named = typed.filter((v) => v !== '');
    if (named.length === 0) return [...typed];
    const stored = STORED_LOWER_CASE.includes(dimension as FilterDimension)
      ? named.map((v) => v.toLowerCase())
      : await listDimensionValuesLike(ctx.db, { dimension, values: named, window });
    const unmatched = named.filter((v) => !stored.some((s) => s.toLowerCase() === v.toLowerCase()));
    return [...new Set([...typed.filter((v) => v === ''), ...stored, ...unmatched])].sort();
  };
  const [valueEntries, tagEntries] = await Promise.all([
    Promise.all(Object.entries(values).map(async ([d, vs]) => [d, await resolve(d as FilterDimension, vs ?? [])] as const)),
    Promise.all(Object.entries(tags).map(async ([k, vs]) => [k, await resolve(`tag:${k}`, vs)] as const)),
  ]);
  return { values: Object.fromEntries(valueEntries), tags: Object.fromEntries(tagEntries) };
}
