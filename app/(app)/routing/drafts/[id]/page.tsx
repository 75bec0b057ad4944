import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Widget, WidgetSkeleton } from '@/components/dashboard/widget-boundary';
import { DraftEditor } from '@/components/routing/draft-editor';
import { IssueList } from '@/components/routing/issue-list';
import { DeleteDraftButton } from '@/components/routing/delete-draft-button';
import { DiffCard, TrafficShareCard } from '@/components/routing/routing-sections';
import { RulesTable } from '@/components/routing/rules-table';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { can } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { getPageContext } from '@/server/auth/page-guard';
import { listBudgetOptions } from '@/services/budgets/list-budget-options';
import { listModelOptions } from '@/services/models/list-model-options';
import { getOrgTimeZone } from '@/services/organisation/get-org-time-zone';
import { getRoutingDraft } from '@/services/routing/get-routing-draft';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { deleteRoutingDraftAction, publishRoutingDraftAction, saveRoutingDraftAction } from '../../actions';

export const metadata: Metadata = { title: 'Routing draft' };
export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function RoutingDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, ctx } = await getPageContext();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const canEdit = can(user.role, 'routing:edit');
  const [draft, timeZone, { versions, published }, options, { budgets }] = await Promise.all([
    getRoutingDraft(ctx, { id }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found:routing_draft') return null;
      throw err;
    }),
    getOrgTimeZone(ctx),
    listRoutingVersions(ctx),
    canEdit ? listModelOptions(ctx) : Promise.resolve([]),
    canEdit ? listBudgetOptions(ctx) : Promise.resolve({ budgets: [] }),
  ]);
  if (!draft) notFound();
  const nextVersion = (versions[0]?.number ?? 0) + 1;
  return (
    <>
      <PageHeader
        title={draft.name || 'Routing draft'}
        description={`Started from ${draft.basedOnVersion === null ? 'scratch' : `v${draft.basedOnVersion}`} · last saved ${formatDateTime(
          draft.updatedAt,
          timeZone,
        )} by ${draft.updatedByEmail}`}
      >
        <div className="flex items-center gap-3">
          {canEdit ? <DeleteDraftButton id={draft.id} remove={deleteRoutingDraftAction} /> : null}
          <Link className="text-sm text-brand-700 hover:underline" href="/routing">
            ← Routing
          </Link>
        </div>
      </PageHeader>
      <div className="space-y-4">
        {canEdit ? (
          <DraftEditor
            key={draft.id}
            draftId={draft.id}
            initial={{ revision: draft.revision, document: draft.document, issues: draft.issues, valid: draft.valid }}
            canPublish={can(user.role, 'routing:publish')}
            options={options}
            budgets={budgets}
            nextVersion={nextVersion}
            save={saveRoutingDraftAction}
            publish={publishRoutingDraftAction}
          />
        ) : (
          <Card title="Draft" description="Read only: editing routing needs the member or admin role.">
            <RulesTable document={draft.document} />
            <div className="mt-4">
              <IssueList issues={draft.issues} />
            </div>
          </Card>
        )}
        <Widget title="Traffic share" fallback={<WidgetSkeleton title="Traffic share" height="h-40" />}>
          <TrafficShareCard ctx={ctx} draftId={draft.id} />
        </Widget>
        {published !== null ? (
          <Widget key={draft.revision} title="Changes" fallback={<WidgetSkeleton title="Changes" />}>
            <DiffCard ctx={ctx} from="published" to={`draft:${draft.id}`} title="Changes from the published table (saved draft)" />
          </Widget>
        ) : null}
      </div>
    </>
  );
}
