/**
 * A JSON request body for the management API, within a size limit: too large → `payload_too_large:<surface>`,
 * not JSON → `bad_request:<surface>`, each with one issue (`document_too_large`, `invalid_json`) at the root, as a
 * routing document's own problems are reported. An empty body reads as `{}`.
 */
import { AppError, type ErrorSurface } from '@/lib/errors';
import { readBodyText } from '@/lib/ingest/parse-body';

/** A routing document may be 1 MB; the envelope around it (name, note, revision) gets a little more. */
export const MAX_ROUTING_BODY_BYTES = 1_048_576 + 64 * 1024;

export async function readJsonBody(req: Request, maxBytes: number, surface: ErrorSurface): Promise<unknown> {
  let text: string;
  try {
    text = await readBodyText(req, maxBytes);
  } catch (err) {
    if (err instanceof AppError && err.code === 'payload_too_large:api') {
      throw new AppError(`payload_too_large:${surface}`, `The body is larger than ${maxBytes.toLocaleString('en-US')} bytes.`, {
        issues: [{ code: 'document_too_large', path: '', message: 'The document is over 1 MB (1,048,576 bytes).', severity: 'error' }],
      });
    }
    throw err;
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError(`bad_request:${surface}`, 'The body is not valid JSON.', {
      issues: [{ code: 'invalid_json', path: '', message: `Not valid JSON: ${(err as Error).message}`, severity: 'error' }],
    });
  }
}
