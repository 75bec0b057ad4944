import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_EVENT_CURL } from '@/lib/ingest/first-event-curl';

describe('the first-event curl', () => {
  it('is the README curl, character for character', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(FIRST_EVENT_CURL);
  });
});
