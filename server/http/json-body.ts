/** A JSON request body for the management API: at most 64 KB, an object, or `bad_request:json`. */
import { AppError } from '@/lib/errors';

const MAX_BYTES = 64 * 1024;

export async function readJsonBody(req: Request): Promise<Record<string, unknown>> {
  const text = await req.text();
  if (new TextEncoder().encode(text).length > MAX_BYTES) throw new AppError('payload_too_large:api', 'The body is larger than 64 KB.');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('bad_request:json', 'The body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AppError('bad_request:json', 'Send a JSON object.');
  return value as Record<string, unknown>;
}
