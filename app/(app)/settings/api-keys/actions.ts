'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { createApiKey, revokeApiKey } from '@/db/queries/api-keys';
import { defineAction } from '@/lib/actions/define-action';
import { API_KEY_SCOPES } from '@/lib/keys/api-key';

const PATH = '/settings/api-keys';

export const createApiKeyAction = defineAction(
  'api_keys:manage',
  z.object({
    projectId: z.uuid('Choose a project.'),
    name: z.string().trim().min(1, 'Name the key after what uses it, e.g. "prod gateway".').max(100),
    scopes: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.enum(API_KEY_SCOPES)).min(1, 'Choose at least one scope.'),
    ),
  }),
  async (input, actor) => {
    const { key, secret } = await createApiKey(await getDb(), { actor, ...input });
    revalidatePath(PATH);
    // The only time the secret leaves the server.
    return { id: key.id, prefix: key.prefix, secret };
  },
);

export const revokeApiKeyAction = defineAction(
  'api_keys:manage',
  z.object({ projectId: z.uuid('Unknown project.'), id: z.uuid('Unknown API key.') }),
  async ({ projectId, id }, actor) => {
    await revokeApiKey(await getDb(), { actor, projectId, id });
    revalidatePath(PATH);
    return { id };
  },
);
