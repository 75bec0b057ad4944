import { route } from '@/server/http/route';
import { describeApiKey } from '@/services/api-keys/describe-api-key';

export const dynamic = 'force-dynamic';

/** Lets a gateway check its key: which project it writes to and what it may do. Any valid key. */
export const GET = route({ apiKey: 'any' }, async (_req, ctx) => Response.json(await describeApiKey(ctx)));
