'use server';

import { revalidatePath } from 'next/cache';
import { createProjectSchema, renameProjectSchema, setProjectArchivedSchema } from '@/lib/projects/schemas';
import { defineAction } from '@/server/actions/define-action';
import { createProject } from '@/services/projects/create-project';
import { renameProject } from '@/services/projects/rename-project';
import { setProjectArchived } from '@/services/projects/set-project-archived';

const PATH = '/settings/projects';

export const createProjectAction = defineAction('projects:manage', createProjectSchema, async (input, ctx) => {
  const project = await createProject(ctx, input);
  revalidatePath(PATH);
  return { id: project.id, slug: project.slug };
});

export const renameProjectAction = defineAction('projects:manage', renameProjectSchema, async (input, ctx) => {
  const result = await renameProject(ctx, input);
  revalidatePath(PATH);
  return result;
});

export const setProjectArchivedAction = defineAction('projects:manage', setProjectArchivedSchema, async (input, ctx) => {
  const result = await setProjectArchived(ctx, input);
  revalidatePath(PATH);
  return result;
});
