/** Input rules of project management (services/projects). */
import { z } from 'zod';
import { booleanInput } from '@/lib/input';
import { slugify, slugSchema } from './slug';

const nameSchema = z.string().trim().min(1, 'Enter a name.').max(100, 'Use at most 100 characters.');

/** The slug defaults to one derived from the name. */
export const createProjectSchema = z
  .object({ name: nameSchema, slug: z.string().trim().optional() })
  .transform(({ name, slug }) => ({ name, slug: slug || slugify(name) }))
  .pipe(z.object({ name: z.string(), slug: slugSchema }));

export const renameProjectSchema = z.object({ id: z.uuid('Unknown project.'), name: nameSchema });

export const setProjectArchivedSchema = z.object({ id: z.uuid('Unknown project.'), archived: booleanInput });
