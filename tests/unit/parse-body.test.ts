import { describe, expect, it } from 'vitest';
import type { AppError } from '@/lib/errors';
import { MAX_BODY_BYTES, readBodyText } from '@/lib/ingest/parse-body';

/** A chunked request body (no Content-Length) of `total` bytes; counts how much of it was pulled. */
function chunkedRequest(total: number, chunk = 64 * 1024) {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
    cancel() {
      cancelled = true;
    },
  });
  const req = new Request('http://localhost/api/v1/events', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { req, sent: () => sent, cancelled: () => cancelled };
}

describe('readBodyText on chunked bodies', () => {
  it('refuses one byte over the limit with 413 payload_too_large:api and stops reading', async () => {
    const over = chunkedRequest(11 * 1024 * 1024);
    expect(over.req.headers.get('content-length')).toBeNull();
    const err = (await readBodyText(over.req).catch((e) => e)) as AppError;
    expect([err.status, err.code]).toEqual([413, 'payload_too_large:api']);
    expect(over.sent()).toBeLessThan(MAX_BODY_BYTES + 2 * 64 * 1024);
    expect(over.cancelled()).toBe(true);
    const justOver = chunkedRequest(MAX_BODY_BYTES + 1);
    expect(((await readBodyText(justOver.req).catch((e) => e)) as AppError).code).toBe('payload_too_large:api');
  });

  it('reads a body of exactly the limit whole', async () => {
    const exact = chunkedRequest(MAX_BODY_BYTES);
    expect((await readBodyText(exact.req)).length).toBe(MAX_BODY_BYTES);
  });
});
