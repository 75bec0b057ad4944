'use server';

import { setupFormSchema } from '@/lib/users/schemas';
import { defineAction } from '@/server/actions/define-action';
import { createFirstAdmin } from '@/services/setup/create-first-admin';

/** Public by design: services/setup/create-first-admin.ts refuses once any user exists, under a lock. */
export const createFirstAdminAction = defineAction(
  { public: 'creates the first admin only while no user exists' },
  setupFormSchema,
  async (input, ctx) => {
    const user = await createFirstAdmin(ctx, input);
    return { email: user.email };
  },
  'setup',
);
