/** Project slugs: lower-case letters, digits and dashes, 3–40 characters; derived from the name when omitted. */
import { z } from 'zod';

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$/,
    'Use 3–40 lower-case letters, digits or dashes, starting and ending with a letter or digit.',
  );

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
}
