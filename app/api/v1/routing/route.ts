import { route } from '@/server/http/route';
import { pullRouting } from '@/services/routing/pull-routing';

export const dynamic = 'force-dynamic';

/**
 * The published routing document for gateways (docs/api.md "Gateway endpoints — the contract"): a project key with
 * routing:read; strong ETag, If-None-Match → 304, ?wait=N (0–60 s) long-polls until the next publish.
 */
export const GET = route({ apiKey: 'routing:read' }, async (req, ctx) => {
  const url = new URL(req.url);
  const answer = await pullRouting(
    ctx,
    {
      ifNoneMatch: req.headers.get('if-none-match'),
      wait: url.searchParams.get('wait'),
      gatewayId: req.headers.get('x-switchyard-gateway'),
      gatewayVersion: req.headers.get('x-switchyard-gateway-version'),
      userAgent: req.headers.get('user-agent'),
    },
    req.signal,
  );
  const headers = { etag: answer.etag, 'cache-control': 'no-cache' };
  if (answer.status === 304) return new Response(null, { status: 304, headers });
  return new Response(answer.body, { status: 200, headers: { ...headers, 'content-type': 'application/json' } });
});
