/** Who is calling: a person (by session or access token), a project API key, or Switchyard itself. */
import type { ApiKeyScope } from '@/lib/keys/api-key';
import type { Role } from './permissions';

export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  /** The person's role now (read on every request), never the one a token was created with. */
  role: Role;
  via: 'session' | 'access_token';
  /** The access token the person acts through, when `via` is `access_token`. */
  tokenId?: string;
}

export interface ApiKeyActor {
  kind: 'api_key';
  projectId: string;
  keyId: string;
  scopes: ApiKeyScope[];
}

export interface SystemActor {
  kind: 'system';
  /** What is acting, e.g. `demo-seed`, recorded in the audit log as `system:<name>`. */
  name: string;
}

export type Actor = UserActor | ApiKeyActor | SystemActor;

/** The identity written to the audit log: a person, a project key, or Switchyard itself. */
export function auditIdentity(actor: Actor): { actorUserId: string | null; actorEmail: string } {
  if (actor.kind === 'user') return { actorUserId: actor.userId, actorEmail: actor.email };
  if (actor.kind === 'api_key') return { actorUserId: null, actorEmail: `api_key:${actor.keyId}` };
  return { actorUserId: null, actorEmail: `system:${actor.name}` };
}
