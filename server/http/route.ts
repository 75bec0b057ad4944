/**
 * The one wrapper of every route handler under app/. It resolves the caller — a project API key
 * (`Bearer sy_…`) where the route takes one, a person's access token (`Bearer syt_…`) or session cookie
 * where it takes a person — checks the declared access, refuses a cross-site mutation ridden on a cookie
 * (`forbidden:csrf`), builds the ServiceContext and turns any error into the one error body. The declared
 * access is attached as `handler.access` for the permission test.
 */
import { type Access, isPublic, type KeyAccess } from '@/lib/auth/access';
import type { Actor } from '@/lib/auth/actor';
import { assertAccess } from '@/lib/auth/guard';
import type { Permission } from '@/lib/auth/permissions';
import { AppError, errorResponse } from '@/lib/errors';
import { isCrossSiteMutation } from '@/lib/http/cross-site';
import { bearerKind } from '@/lib/keys/access-token';
import { bearerToken } from '@/lib/keys/secret';
import { authenticateAccessToken } from '@/services/auth/authenticate-access-token';
import { authenticateApiKey } from '@/services/auth/authenticate-api-key';
import { type ServiceContext, serviceContext } from '@/services/context';
import { getCurrentUser } from '../auth/current-user';
import { appHandle } from '../context';

/** What Next passes a route handler besides the request. */
export interface RouteContext<P = Record<string, string | string[]>> {
  params: Promise<P>;
}

/** `next` is optional so tests may call a handler with the request alone. */
export type RouteHandler<P = Record<string, string | string[]>> = ((req: Request, next?: RouteContext<P>) => Promise<Response>) & {
  access: Access;
};

const NO_PARAMS = { params: Promise.resolve({}) };

type CallerAccess = { person: Permission; apiKey?: KeyAccess } | { person?: Permission; apiKey: KeyAccess };

/** The caller the request names, or null (no credential the route accepts). Looks nothing up for a kind the route refuses. */
async function resolveCaller(req: Request, access: CallerAccess, base: ServiceContext): Promise<Actor | null> {
  const secret = bearerToken(req.headers.get('authorization'));
  if (secret && bearerKind(secret) === 'access_token') {
    if (!access.person)
      throw new AppError('unauthorized:api_key', 'This endpoint takes a project API key ("Bearer sy_…"), not an access token.');
    return authenticateAccessToken(base, { secret });
  }
  if (secret) {
    if (!access.apiKey) {
      throw new AppError('unauthorized:auth', 'This endpoint takes a session or a personal access token ("Bearer syt_…"), not an API key.');
    }
    return authenticateApiKey(base, { secret, scope: access.apiKey });
  }
  return access.person ? getCurrentUser() : null;
}

export function route<P = Record<string, string | string[]>>(
  access: { public: string },
  handler: (req: Request, next: RouteContext<P>) => Promise<Response>,
): RouteHandler<P>;
export function route<P = Record<string, string | string[]>>(
  access: CallerAccess,
  handler: (req: Request, ctx: ServiceContext, next: RouteContext<P>) => Promise<Response>,
): RouteHandler<P>;
export function route<P>(access: Access, handler: (req: Request, ...rest: never[]) => Promise<Response>): RouteHandler<P> {
  const run = handler as (req: Request, ...rest: unknown[]) => Promise<Response>;
  const wrapped = async (req: Request, given?: RouteContext<P>): Promise<Response> => {
    const next = given ?? (NO_PARAMS as RouteContext<P>);
    try {
      if (isPublic(access)) return await run(req, next);
      const base = serviceContext(await appHandle(), null);
      const actor = await resolveCaller(req, access, base);
      assertAccess(actor, access);
      if (actor?.kind === 'user' && actor.via === 'session' && isCrossSiteMutation(req)) {
        throw new AppError('forbidden:csrf', 'This request came from another site; it was refused.');
      }
      return await run(req, { ...base, actor }, next);
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(wrapped, { access });
}
