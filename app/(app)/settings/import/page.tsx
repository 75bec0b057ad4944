import type { Metadata } from 'next';
import { ImportForm } from '@/components/settings/import-form';
import { JobsList } from '@/components/settings/jobs-card';
import { Card } from '@/components/ui/card';
import { Forbidden } from '@/components/shell/forbidden';
import { CSV_COLUMNS } from '@/lib/import/parse-file';
import { pageUserWith } from '@/server/auth/page-permission';
import { listRecentJobs } from '@/services/jobs/list-recent-jobs';
import { listProjects } from '@/services/projects/list-projects';

export const metadata: Metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const { user, ctx, denied } = await pageUserWith('data:import');
  if (denied) return <Forbidden role={user.role} />;
  const [projects, jobs] = await Promise.all([
    listProjects(ctx, { includeArchived: false }),
    listRecentJobs(ctx, { kind: 'import', limit: 20 }),
  ]);
  return (
    <div className="space-y-6">
      <Card
        title="Import history"
        description={
          'Backfill usage from before Switchyard, beyond the 35-day late-arrival window. Rows are ' +
          'validated, priced and deduplicated exactly like live events; refused rows are listed by ' +
          'line.'
        }
      >
        {projects.length === 0 ? (
          <p className="text-sm text-slate-600">Create a project first.</p>
        ) : (
          <ImportForm projects={projects.map(({ id, name }) => ({ id, name }))} />
        )}
        <details className="mt-4 text-sm text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">File formats</summary>
          <p className="mt-2">
            <strong>JSONL</strong>: one event per line, exactly as <code>POST /api/v1/events</code> takes it. <strong>CSV</strong>: a header
            row with these columns (any order; only event_id, timestamp, provider, model, input_tokens and output_tokens are required; tags
            as JSON or <code>key=value;key=value</code>):
          </p>
          <code className="mt-2 block break-words rounded bg-slate-50 p-2 text-xs">{CSV_COLUMNS.join(',')}</code>
        </details>
      </Card>
      <Card title="Jobs">
        <JobsList jobs={jobs} />
      </Card>
    </div>
  );
}
