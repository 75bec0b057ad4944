import type { Metadata } from 'next';
import { ImportForm } from '@/components/settings/import-form';
import { JobsList } from '@/components/settings/jobs-card';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listRecentJobs } from '@/db/queries/jobs';
import { listProjects } from '@/db/queries/projects';
import { pageUserWith } from '@/lib/auth/page-permission';
import { CSV_COLUMNS } from '@/lib/import/parse-file';
import { toJobView } from '@/lib/jobs/label';

export const metadata: Metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

export default async function ImportPage() {
  const { denied } = await pageUserWith('data:import');
  if (denied) return denied;
  const db = await getDb();
  const [projects, jobs] = await Promise.all([listProjects(db, { includeArchived: false }), listRecentJobs(db, { limit: 20 })]);
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
        <JobsList jobs={jobs.filter((j) => j.kind === 'import').map(toJobView)} />
      </Card>
    </div>
  );
}
