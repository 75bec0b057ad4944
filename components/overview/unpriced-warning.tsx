import Link from 'next/link';
import { formatInteger } from '@/lib/format';
import type { ServiceContext } from '@/services/context';
import { countUnpricedRequests } from '@/services/dashboard/count-unpriced-requests';

/** Shown whenever any stored request has no price (whatever the period): its spend is missing from every figure. */
export async function UnpricedWarning({ ctx, canPrice }: { ctx: ServiceContext; canPrice: boolean }) {
  const unpriced = await countUnpricedRequests(ctx);
  if (unpriced === 0) return null;
  return (
    <p
      className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      role="alert"
      data-testid="unpriced-warning"
    >
      {formatInteger(unpriced)} {unpriced === 1 ? 'request uses' : 'requests use'} models with no known price; they are not in the spend
      figures.{' '}
      {canPrice ? (
        <Link className="font-medium underline" href="/settings/models">
          Price them in Settings → Models
        </Link>
      ) : (
        'Ask an admin to price them.'
      )}
    </p>
  );
}
