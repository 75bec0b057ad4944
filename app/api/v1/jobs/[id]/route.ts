import { route } from '@/server/http/route';
import { getJob } from '@/services/jobs/get-job';

export const dynamic = 'force-dynamic';

/** A job's progress and error report: for admins, or for the `import` key of the job's project. */
export const GET = route<{ id: string }>({ person: 'data:import', apiKey: 'import' }, async (_req, ctx, { params }) =>
  Response.json(await getJob(ctx, { id: (await params).id })),
);
