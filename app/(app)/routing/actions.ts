'use server';

/**
 * The Routing page's actions: thin calls of the routing services (which validate, check the revision and audit).
 * Members save drafts (routing:edit); admins publish and roll back (routing:publish), with a change note.
 * Each action's schema only shapes the call; the service parses it again with its own rules.
 */
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/server/actions/define-action';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { deleteRoutingDraft } from '@/services/routing/delete-routing-draft';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';
import { rollbackRoutingVersion } from '@/services/routing/rollback-routing-version';
import { saveRoutingDraft } from '@/services/routing/save-routing-draft';

const PATH = '/routing';
const draftId = z.string().uuid();
const revision = z.coerce.number().int().min(1);
const note = z.string().max(2000);

export const createRoutingDraftAction = defineAction(
  'routing:edit',
  z.object({ basedOnVersion: z.coerce.number().int().min(1).optional(), name: z.string().max(200).optional() }),
  async (input, ctx) => {
    const draft = await createRoutingDraft(ctx, input);
    revalidatePath(PATH);
    return { id: draft.id };
  },
  'routing_draft',
);

export const saveRoutingDraftAction = defineAction(
  'routing:edit',
  z.object({ id: draftId, revision, document: z.unknown() }),
  async (input, ctx) => {
    const saved = await saveRoutingDraft(ctx, input);
    revalidatePath(PATH);
    return { revision: saved.revision, document: saved.document, issues: saved.issues, valid: saved.valid };
  },
  'routing_draft',
);

export const deleteRoutingDraftAction = defineAction(
  'routing:edit',
  z.object({ id: draftId }),
  async (input, ctx) => {
    await deleteRoutingDraft(ctx, input);
    revalidatePath(PATH);
    return { id: input.id };
  },
  'routing_draft',
);

export const publishRoutingDraftAction = defineAction(
  'routing:publish',
  z.object({ id: draftId, revision, note }),
  async (input, ctx) => {
    const version = await publishRoutingDraft(ctx, input);
    revalidatePath(PATH);
    return { version: version.number };
  },
  'routing',
);

export const rollbackRoutingVersionAction = defineAction(
  'routing:publish',
  z.object({ version: z.coerce.number().int().min(1), note }),
  async (input, ctx) => {
    const version = await rollbackRoutingVersion(ctx, input);
    revalidatePath(PATH);
    return { version: version.number };
  },
  'routing',
);
