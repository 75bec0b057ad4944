/** The Requests page's keyset cursor (occurred_at, event_id) as an opaque, URL-safe string. */
export interface RequestCursor {
  occurredAt: Date;
  eventId: string;
}

export function encodeCursor(c: RequestCursor): string {
  return Buffer.from(`${c.occurredAt.toISOString()}|${c.eventId}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): RequestCursor | null {
  if (!text) return null;
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  const i = raw.indexOf('|');
  const at = new Date(raw.slice(0, i));
  return i > 0 && !Number.isNaN(at.getTime()) ? { occurredAt: at, eventId: raw.slice(i + 1) } : null;
}
