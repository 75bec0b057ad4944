'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { createProject, renameProject, setProjectArchived } from '@/db/queries/projects';
import { defineAction } from '@/lib/actions/define-action';
import { slugify, slugSchema } from '@/lib/projects/slug';

const PATH = '/settings/projects';
const nameSchema = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');

export const createProjectAction = defineAction(
  'projects:manage',
  z
    .object({ name: nameSchema, slug: z.string().trim().optional() })
    .transform(({ name, slug }) => ({ name, slug: slug || slugify(name) }))
    .pipe(z.object({ name: z.string(), slug: slugSchema })),
  async (input, actor) => {
    const project = await createProject(await getDb(), { actor, ...input });
    revalidatePath(PATH);
    return { id: project.id, slug: project.slug };
  },
);

export const renameProjectAction = defineAction(
  'projects:manage',
  z.object({ id: z.uuid('Unknown project.'), name: nameSchema }),
  async ({ id, name }, actor) => {
    await renameProject(await getDb(), { actor, id, name });
    revalidatePath(PATH);
    return { id, name };
  },
);

export const setProjectArchivedAction = defineAction(
  'projects:manage',
  z.object({ id: z.uuid('Unknown project.'), archived: z.enum(['true', 'false']).transform((v) => v === 'true') }),
  async ({ id, archived }, actor) => {
    await setProjectArchived(await getDb(), { actor, id, archived });
    revalidatePath(PATH);
    return { id, archived };
  },
);
