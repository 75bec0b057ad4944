import { route } from '@/server/http/route';
import { exportRouting } from '@/services/routing/export-routing';

export const dynamic = 'force-dynamic';

/**
 * ?format=portkey|litellm (&version=, default the published one). JSON `{ format, export, filename, text }` by
 * default; `&download=1` answers the file itself (Portkey JSON, LiteLLM YAML) as an attachment.
 */
export const GET = route({ person: 'dashboards:read' }, async (req, ctx) => {
  const q = new URL(req.url).searchParams;
  const result = await exportRouting(ctx, { format: q.get('format') ?? '', version: q.get('version') ?? undefined });
  if (q.get('download') === '1') {
    return new Response(result.text, {
      headers: { 'content-type': result.contentType, 'content-disposition': `attachment; filename="${result.filename}"` },
    });
  }
  return Response.json(result);
});
