/**
 * The Routing page's widgets, each loading its own data through the routing services (each wrapped in its own
 * Suspense and error boundary by the page).
 */
import { createRoutingDraftAction, rollbackRoutingVersionAction } from '@/app/(app)/routing/actions';
import { Card } from '@/components/ui/card';
import type { ServiceContext } from '@/services/context';
import { diffRoutingVersions } from '@/services/routing/diff-routing-versions';
import { getPublishedRouting } from '@/services/routing/get-published-routing';
import { getTrafficShare } from '@/services/routing/get-traffic-share';
import { listGateways } from '@/services/routing/list-gateways';
import { listRoutingDrafts } from '@/services/routing/list-routing-drafts';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { DiffView } from './diff-view';
import { DraftList } from './draft-list';
import { GatewayList } from './gateway-list';
import { NewDraftButton } from './new-draft-button';
import { RulesTable } from './rules-table';
import { TrafficShareTable } from './traffic-share';
import { VersionList } from './version-list';

export async function PublishedCard({ ctx, canEdit }: { ctx: ServiceContext; canEdit: boolean }) {
  const published = await getPublishedRouting(ctx);
  return (
    <Card
      title={published ? `Published table · v${published.number}` : 'Published table'}
      description={published ? `“${published.note}” — ${published.publishedByEmail}` : 'No table is published: gateways route nothing yet.'}
      actions={canEdit ? <NewDraftButton label="New draft from published" create={createRoutingDraftAction} variant="primary" /> : null}
    >
      {published ? <RulesTable document={published.document} /> : <p className="text-sm text-slate-600">Start a draft to write one.</p>}
    </Card>
  );
}

export async function VersionsCard({
  ctx,
  timeZone,
  canEdit,
  canPublish,
}: {
  ctx: ServiceContext;
  timeZone: string;
  canEdit: boolean;
  canPublish: boolean;
}) {
  const { versions } = await listRoutingVersions(ctx);
  return (
    <Card title="Versions" description="Every publish and rollback is a new version; published versions never change.">
      <VersionList
        versions={versions}
        timeZone={timeZone}
        canEdit={canEdit}
        canPublish={canPublish}
        rollback={rollbackRoutingVersionAction}
        newDraftFrom={(v) => <NewDraftButton basedOnVersion={v} label={`Draft from v${v}`} create={createRoutingDraftAction} />}
      />
    </Card>
  );
}

export async function DraftsCard({ ctx, timeZone }: { ctx: ServiceContext; timeZone: string }) {
  const drafts = await listRoutingDrafts(ctx);
  return (
    <Card title="Drafts" description="Work in progress; members save, admins publish.">
      <DraftList drafts={drafts} timeZone={timeZone} />
    </Card>
  );
}

export async function GatewaysCard({ ctx, timeZone }: { ctx: ServiceContext; timeZone: string }) {
  const { gateways, published } = await listGateways(ctx);
  return (
    <Card title="Gateways" description="Gateways that pull the table, their last pull and the version they run.">
      <GatewayList gateways={gateways} published={published} timeZone={timeZone} />
    </Card>
  );
}

const sideLabel = (ref: string) => (ref.startsWith('draft:') ? 'the draft' : ref === 'published' ? 'the published table' : `v${ref}`);

export async function DiffCard({
  ctx,
  from,
  to,
  versions,
  title = 'Diff',
}: {
  ctx: ServiceContext;
  from: string;
  to: string;
  /** The versions to choose from; none: no picker (a fixed comparison). */
  versions?: number[];
  title?: string;
}) {
  const { diff } = await diffRoutingVersions(ctx, { from, to });
  return (
    <Card title={title} description="Rule by rule, by id: added, removed, changed field by field, moved.">
      <div id="diff" className="space-y-4">
        {versions ? <DiffPicker from={from} to={to} versions={versions} /> : null}
        <DiffView diff={diff} fromLabel={sideLabel(from)} toLabel={sideLabel(to)} />
      </div>
    </Card>
  );
}

/** Two versions to compare; a plain GET form, so a diff has a URL. */
export function DiffPicker({ from, to, versions }: { from: string; to: string; versions: number[] }) {
  return (
    <form method="get" action="/routing" className="flex flex-wrap items-end gap-2 text-sm">
      <label className="flex flex-col text-slate-700">
        From
        <select name="from" defaultValue={from} className="rounded-md border border-slate-300 px-2 py-1">
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-slate-700">
        To
        <select name="to" defaultValue={to} className="rounded-md border border-slate-300 px-2 py-1">
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 font-medium hover:bg-slate-50">
        Compare
      </button>
    </form>
  );
}

export async function TrafficShareCard({ ctx, draftId }: { ctx: ServiceContext; draftId: string }) {
  const share = await getTrafficShare(ctx, { draftId }).catch((err: unknown) => {
    if (err instanceof Error && 'code' in err && err.code === 'bad_request:routing') return null;
    throw err;
  });
  return (
    <Card
      title="Traffic share"
      description="The last 7 days of traffic, per rule of the saved draft beside the published table (from the day rollups)."
    >
      {share ? (
        <TrafficShareTable candidate={share.candidate} published={share.published} fromDay={share.fromDay} toDay={share.toDay} />
      ) : (
        <p className="text-sm text-amber-800">The saved draft has errors; save a version that validates to see its traffic share.</p>
      )}
      <p className="mt-3 text-xs text-slate-500">Figures are for the draft as last saved.</p>
    </Card>
  );
}
