'use server';

import { revalidatePath } from 'next/cache';
import { createApiKeySchema, revokeApiKeySchema } from '@/lib/keys/schemas';
import { defineAction } from '@/server/actions/define-action';
import { createApiKey } from '@/services/api-keys/create-api-key';
import { revokeApiKey } from '@/services/api-keys/revoke-api-key';

const PATH = '/settings/api-keys';

export const createApiKeyAction = defineAction('api_keys:manage', createApiKeySchema, async (input, ctx) => {
  const { key, secret, project } = await createApiKey(ctx, input);
  revalidatePath(PATH);
  // The only time the secret leaves the server (with what the ready curl and the test event need).
  return { id: key.id, prefix: key.prefix, secret, scopes: key.scopes, projectSlug: project.slug };
});

export const revokeApiKeyAction = defineAction('api_keys:manage', revokeApiKeySchema, async (input, ctx) => {
  const result = await revokeApiKey(ctx, input);
  revalidatePath(PATH);
  return result;
});
