import 'server-only';
import { type ApiKeyListItem, listApiKeys as listApiKeyRows } from '@/db/queries/api-keys';
import { assertCan } from '@/lib/auth/guard';
import type { ServiceContext } from '../context';

export async function listApiKeys(ctx: ServiceContext): Promise<ApiKeyListItem[]> {
  assertCan(ctx.actor, 'api_keys:manage');
  return listApiKeyRows(ctx.db);
}
