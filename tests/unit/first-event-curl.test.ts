import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { usageEventSchema } from '@/lib/ingest/event-schema';
import { FIRST_EVENT_CURL, firstEventCurlFor, testEvent } from '@/lib/ingest/first-event-curl';

describe('the first-event curl', () => {
  it('is the README curl, character for character', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(FIRST_EVENT_CURL);
  });

  it('comes ready for a new key: its secret and the app origin in place, nothing else changed', () => {
    const curl = firstEventCurlFor({ origin: 'https://switchyard.example.com/', secret: 'sy_abc123' });
    expect(curl).toContain('https://switchyard.example.com/api/v1/events');
    expect(curl).toContain('-H "Authorization: Bearer sy_abc123"');
    expect(curl).not.toContain('$SWITCHYARD_KEY');
    expect(curl.replace('https://switchyard.example.com', 'http://localhost:3000').replace('sy_abc123', '$SWITCHYARD_KEY')).toBe(
      FIRST_EVENT_CURL,
    );
  });

  it('the test event is a valid usage event with a unique, recognisable id', () => {
    const now = new Date('2026-11-20T15:30:00Z');
    const event = testEvent(now, 'x1');
    expect(usageEventSchema.safeParse(event).success).toBe(true);
    expect(event.event_id).toMatch(/^test-event-/);
    expect(testEvent(now, 'x2').event_id).not.toBe(event.event_id);
  });
});
