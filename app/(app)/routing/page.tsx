import type { Metadata } from 'next';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { DiffCard, DraftsCard, GatewaysCard, PublishedCard, VersionsCard } from '@/components/routing/routing-sections';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { getPageContext } from '@/server/auth/page-guard';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';

export const metadata: Metadata = { title: 'Routing' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RoutingPage({ searchParams }: { searchParams: Promise<Params> }) {
  const { user, ctx } = await getPageContext();
  const params = await searchParams;
  const [timeZone, { versions, published }] = await Promise.all([getOrgTimeZone(ctx), listRoutingVersions(ctx)]);
  const canEdit = can(user.role, 'routing:edit');
  const canPublish = can(user.role, 'routing:publish');
  const numbers = versions.map((v) => v.number);
  // The diff shown: the one asked for, else the published version against the one before it.
  const to = one(params.to) ?? (published !== null && published > 1 ? String(published) : undefined);
  const from = one(params.from) ?? (to !== undefined ? String(Number(to) - 1) : undefined);
  return (
    <>
      <PageHeader
        title="Routing"
        description={
          'Which model serves each request: ordered rules over mode, task, project, user, tags, tokens and budget state. ' +
          'Gateways pull the published table.'
        }
      />
      <div className="space-y-4">
        <Widget title="Published table" fallback={<WidgetSkeleton title="Published table" height="h-48" />}>
          <PublishedCard ctx={ctx} canEdit={canEdit} />
        </Widget>
        <Widget title="Drafts" fallback={<WidgetSkeleton title="Drafts" />}>
          <DraftsCard ctx={ctx} timeZone={timeZone} />
        </Widget>
        <Widget title="Versions" fallback={<WidgetSkeleton title="Versions" />}>
          <VersionsCard ctx={ctx} timeZone={timeZone} canEdit={canEdit} canPublish={canPublish} />
        </Widget>
        {from !== undefined && to !== undefined && (!/^\d+$/.test(from) || Number(from) >= 1) ? (
          <Widget key={`${from}..${to}`} title="Diff" fallback={<WidgetSkeleton title="Diff" />}>
            <DiffCard ctx={ctx} from={from} to={to} versions={numbers} />
          </Widget>
        ) : null}
        <Widget title="Gateways" fallback={<WidgetSkeleton title="Gateways" />}>
          <GatewaysCard ctx={ctx} timeZone={timeZone} />
        </Widget>
      </div>
    </>
  );
}
