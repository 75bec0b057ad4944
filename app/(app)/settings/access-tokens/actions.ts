'use server';

import { revalidatePath } from 'next/cache';
import { createAccessTokenSchema, revokeAccessTokenSchema } from '@/lib/keys/schemas';
import { defineAction } from '@/server/actions/define-action';
import { createAccessToken } from '@/services/access-tokens/create-access-token';
import { revokeAccessToken } from '@/services/access-tokens/revoke-access-token';

const PATH = '/settings/access-tokens';

export const createAccessTokenAction = defineAction('access_tokens:own', createAccessTokenSchema, async (input, ctx) => {
  const { token, secret } = await createAccessToken(ctx, input);
  revalidatePath(PATH);
  // The only time the secret leaves the server.
  return { id: token.id, prefix: token.prefix, secret };
});

export const revokeAccessTokenAction = defineAction('access_tokens:own', revokeAccessTokenSchema, async (input, ctx) => {
  const result = await revokeAccessToken(ctx, input);
  revalidatePath(PATH);
  return result;
});
