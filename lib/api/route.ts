/**
 * The wrapper for route handlers used by signed-in people: permission first, then the handler; every
 * failure becomes the error module's JSON body with its status. Key-authenticated routes use
 * `apiKeyRoute` (lib/api/api-key-route.ts).
 */
import type { UserActor } from '@/lib/auth/actor';
import { getCurrentUser } from '@/lib/auth/current-user';
import { assertCan } from '@/lib/auth/guard';
import type { Permission } from '@/lib/auth/permissions';
import { errorResponse } from '@/lib/errors';

type Params = Record<string, string | string[]>;
type RouteContext = { params: Promise<Params> };

export function userRoute(permission: Permission, handler: (req: Request, ctx: { actor: UserActor; params: Params }) => Promise<Response>) {
  return async (req: Request, context: RouteContext): Promise<Response> => {
    try {
      const actor = await getCurrentUser();
      assertCan(actor, permission);
      return await handler(req, { actor, params: (await context?.params) ?? {} });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
