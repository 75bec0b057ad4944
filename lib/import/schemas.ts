/** Input rules of a backfill import (services/imports/start-import.ts). */
import { z } from 'zod';
import { IMPORT_FORMATS } from './parse-file';

export const startImportSchema = z.object({
  /** The project's slug or id; a project API key names its own project instead. */
  project: z.string().trim().max(200).nullish(),
  format: z.preprocess(
    (v) => (typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(IMPORT_FORMATS, 'Say the format: ?format=csv or ?format=jsonl.'),
  ),
  filename: z
    .string()
    .nullish()
    .transform((v) => v?.slice(0, 200) ?? undefined),
  text: z.string(),
});
