/**
 * Reads a batch body: JSON `{ "events": [...] }` or NDJSON (one event per line), within the size and
 * count limits. A malformed JSON body is refused whole; a malformed NDJSON line is refused alone.
 */
import { AppError } from '@/lib/errors';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_EVENTS_PER_BATCH = 10_000;

export type BodyItem = { ok: true; value: unknown } | { ok: false; code: 'invalid_json' };

/** The raw body, refused with 413 as soon as it is known to exceed `maxBytes` (declared or streamed). */
export async function readBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function readBodyText(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return (await readBody(req, maxBytes)).toString('utf8');
}

function tooLarge(maxBytes: number) {
  return new AppError('payload_too_large:api', `The body is larger than ${maxBytes / 1024 / 1024} MB. Send smaller batches.`);
}

export function isNdjson(contentType: string | null): boolean {
  return /ndjson|jsonl|json-seq/i.test(contentType ?? '');
}

export function parseEventsBody(text: string, ndjson: boolean): BodyItem[] {
  let items: BodyItem[];
  if (ndjson) {
    items = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        items.push({ ok: true, value: JSON.parse(line) });
      } catch {
        items.push({ ok: false, code: 'invalid_json' });
      }
    }
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new AppError(
        'bad_request:json',
        `The body is not valid JSON (${(err as Error).message}). Send {"events": [...]} or NDJSON with Content-Type: application/x-ndjson.`,
      );
    }
    const events = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(events))
      throw new AppError('bad_request:json', 'Send a JSON object {"events": [...]} (or NDJSON with Content-Type: application/x-ndjson).');
    items = events.map((value) => ({ ok: true, value }));
  }
  if (items.length > MAX_EVENTS_PER_BATCH) {
    throw new AppError(
      'payload_too_large:api',
      `A batch holds at most ${MAX_EVENTS_PER_BATCH.toLocaleString('en-US')} events; this one has ${items.length.toLocaleString('en-US')}.`,
    );
  }
  return items;
}
