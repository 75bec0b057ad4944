import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { usageEventJsonSchema } from '@/lib/ingest/json-schema';

describe('published JSON Schema of the usage event', () => {
  it('is exactly what the API validates with (regenerate with `npx tsx scripts/generate-api-schema.ts`)', () => {
    const committed = JSON.parse(fs.readFileSync('docs/api/usage-event.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(usageEventJsonSchema())));
    expect(committed.required).toEqual(['event_id', 'timestamp', 'provider', 'model', 'usage']);
  });
});
