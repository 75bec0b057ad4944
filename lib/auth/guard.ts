/**
 * The permission checks every service, route handler, server action and protected page runs itself.
 * Anonymous → unauthorized; a person without the permission → forbidden:auth; a key without the scope →
 * forbidden:api_key. Switchyard itself (a system actor) may do everything.
 */
import { AppError } from '@/lib/errors';
import type { ApiKeyScope } from '@/lib/keys/api-key';
import { type Access, isPublic } from './access';
import type { Actor, ApiKeyActor, SystemActor, UserActor } from './actor';
import { can, type Permission } from './permissions';

const signIn = () => new AppError('unauthorized:auth', 'Sign in to continue. Your session may have expired.');
const missingKey = () => new AppError('unauthorized:api_key', 'Missing API key. Send it as "Authorization: Bearer sy_…".');

export function assertCan(actor: Actor | null, permission: Permission): asserts actor is UserActor | SystemActor {
  if (!actor) throw signIn();
  if (actor.kind === 'system') return;
  if (actor.kind === 'api_key') throw new AppError('forbidden:api_key', 'A project API key cannot do this; a person must.');
  if (!can(actor.role, permission)) {
    throw new AppError('forbidden:auth', `Your role (${actor.role}) does not allow this. Ask an admin if you need access.`);
  }
}

export function assertScope(actor: Actor | null, scope: ApiKeyScope | 'any'): asserts actor is ApiKeyActor | SystemActor {
  if (!actor) throw missingKey();
  if (actor.kind === 'system') return;
  if (actor.kind === 'user') throw new AppError('unauthorized:api_key', 'This endpoint takes a project API key, not a person.');
  if (scope !== 'any' && !actor.scopes.includes(scope)) {
    throw new AppError('forbidden:api_key', `This API key lacks the "${scope}" scope.`);
  }
}

/** An entry point's declared access: a person with the permission, or a key with the scope, whichever it allows. */
export function assertAccess(actor: Actor | null, access: Access): void {
  if (isPublic(access)) return;
  if (actor?.kind === 'api_key' && access.apiKey) assertScope(actor, access.apiKey);
  else if (access.person && actor?.kind !== 'api_key') assertCan(actor, access.person);
  else if (access.apiKey) assertScope(actor, access.apiKey);
  else throw signIn(); // a project key where only a person may call
}

/** Who may write usage into a project: its own key (ingest or import scope), an admin importing, or Switchyard. */
export function assertMayWriteUsage(actor: Actor | null, projectId: string): void {
  if (actor?.kind === 'api_key') {
    if (!actor.scopes.includes('ingest') && !actor.scopes.includes('import')) {
      throw new AppError('forbidden:api_key', 'This API key lacks the "ingest" scope.');
    }
    if (actor.projectId !== projectId) throw new AppError('forbidden:api_key', 'This API key belongs to another project.');
    return;
  }
  assertCan(actor, 'data:import');
}
