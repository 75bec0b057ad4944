import { getDb } from '@/db/client';
import { getProjectById } from '@/db/queries/projects';
import { apiKeyRoute } from '@/lib/api/api-key-route';

export const dynamic = 'force-dynamic';

/** Lets a gateway check its key: which project it writes to and what it may do. Any valid key. */
export const GET = apiKeyRoute(null, async (_req, { actor }) => {
  const project = await getProjectById(await getDb(), { id: actor.projectId });
  return Response.json({
    project: { id: actor.projectId, slug: project?.slug, name: project?.name },
    keyId: actor.keyId,
    scopes: actor.scopes,
  });
});
