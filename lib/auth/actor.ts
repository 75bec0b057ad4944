/** Who is calling: a signed-in person, a project API key, or Switchyard itself (scripts, jobs). */
import type { Role } from './permissions';
import type { ApiKeyScope } from '@/lib/keys/api-key';

export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface ApiKeyActor {
  kind: 'api_key';
  projectId: string;
  keyId: string;
  scopes: ApiKeyScope[];
}

export interface SystemActor {
  kind: 'system';
  /** What is acting, e.g. `demo-seed`, recorded in the audit log. */
  name: string;
}

export type Actor = UserActor | ApiKeyActor | SystemActor;

/** The identity written to the audit log for a person or Switchyard itself. */
export function auditIdentity(actor: UserActor | SystemActor): { actorUserId: string | null; actorEmail: string } {
  return actor.kind === 'user'
    ? { actorUserId: actor.userId, actorEmail: actor.email }
    : { actorUserId: null, actorEmail: `system:${actor.name}` };
}
