/** Input checking for every service: a zod schema, and a refusal with field errors that changes nothing. */
import { z } from 'zod';
import { AppError, type ErrorSurface, fieldErrorsOf } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, surface: ErrorSurface = 'api'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new AppError(`bad_request:${surface}`, 'Some fields are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
  }
  return parsed.data;
}

/** A yes/no field: a boolean, or the "true"/"false" a form sends. Parsing its output again gives the same value. */
export const booleanInput = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
