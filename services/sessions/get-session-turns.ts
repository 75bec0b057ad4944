import 'server-only';
/** One session and its requests in turn order, or undefined when the project holds no such session. */
import { getSessionById, listSessionTurns } from '@/db/queries/sessions';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function getSessionTurns(ctx: ServiceContext, { projectId, sessionId }: { projectId: string; sessionId: string }) {
  assertCan(ctx.actor, 'dashboards:read');
  const found = await getSessionById(ctx.db, { projectId, sessionId });
  if (!found) return undefined;
  const { session } = found;
  const turns = await listSessionTurns(ctx.db, { projectId, sessionId, firstAt: session.firstAt, lastAt: session.lastAt });
  return { ...found, turns };
}
