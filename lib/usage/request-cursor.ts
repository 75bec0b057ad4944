/** The Requests page's keyset cursor (occurred_at, project_id, event_id) as an opaque, URL-safe string. */
export interface RequestCursor {
  occurredAt: Date;
  projectId: string;
  eventId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: RequestCursor): string {
  return Buffer.from(`${c.occurredAt.toISOString()}|${c.projectId}|${c.eventId}`).toString('base64url');
}

export function decodeCursor(text: string | undefined): RequestCursor | null {
  if (!text) return null;
  const [at, projectId, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const occurredAt = new Date(at ?? '');
  const eventId = rest.join('|');
  return !Number.isNaN(occurredAt.getTime()) && UUID.test(projectId ?? '') && eventId
    ? { occurredAt, projectId: projectId!, eventId }
    : null;
}
