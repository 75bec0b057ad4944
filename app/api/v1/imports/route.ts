import { MAX_IMPORT_BYTES } from '@/lib/import/parse-file';
import { readBodyText } from '@/lib/ingest/parse-body';
import { route } from '@/server/http/route';
import { startImport } from '@/services/imports/start-import';

export const dynamic = 'force-dynamic';

/**
 * Backfill import of a CSV or JSONL history file (the raw file as the body), beyond the late-arrival
 * window: an admin names the project (?project=<slug or id>), an `import` key imports into its own.
 * Answers 202 with a job; progress and the per-row error report are at GET /api/v1/jobs/{id}.
 */
export const POST = route({ person: 'data:import', apiKey: 'import' }, async (req, ctx) => {
  const url = new URL(req.url);
  const job = await startImport(ctx, {
    project: url.searchParams.get('project'),
    format: url.searchParams.get('format') ?? '',
    filename: url.searchParams.get('filename'),
    text: await readBodyText(req, MAX_IMPORT_BYTES),
  });
  return Response.json({ job }, { status: 202 });
});
