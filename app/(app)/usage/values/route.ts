/** The known values of one filter dimension or tag key, for filter inputs to offer. Any person who reads dashboards. */
import type { ValueDimension } from '@/db/queries/dimension-values';
import { AppError } from '@/lib/errors';
import { FILTER_DIMENSIONS, groupParam, parseGroup, type FilterDimension } from '@/lib/usage/explorer-state';
import { route } from '@/server/http/route';
import { listDimensionValues } from '@/services/explorer/list-dimension-values';

export const dynamic = 'force-dynamic';

function dimensionOf(text: string | null): ValueDimension {
  if (text && FILTER_DIMENSIONS.includes(text as FilterDimension)) return text as FilterDimension;
  // A tag key is valid where the explorer can group by it.
  if (text?.startsWith('tag:') && groupParam(parseGroup(text)) === text) return text as ValueDimension;
  throw new AppError('bad_request:api', `Unknown dimension “${(text ?? '').slice(0, 40)}”.`, { fields: { dimension: ['unknown'] } });
}

export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const dimension = dimensionOf(new URL(req.url).searchParams.get('dimension'));
  const values = await listDimensionValues(ctx, { dimension });
  return Response.json({ values }, { headers: { 'cache-control': 'private, max-age=60' } });
});
