import 'server-only';
/** Whether anyone can sign in yet (the sign-in and setup pages send visitors to the other one). Public. */
import { countUsers } from '@/db/queries/users';
import type { ServiceContext } from '../context';

export async function isSetupComplete(ctx: ServiceContext): Promise<boolean> {
  return (await countUsers(ctx.db)) > 0;
}
