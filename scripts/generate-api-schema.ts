/** Writes the published JSON Schemas (docs/api/*.schema.json) from the zod schemas the API validates with. */
import fs from 'node:fs';
import { usageEventJsonSchema } from '@/lib/ingest/json-schema';
import { routingDocumentJsonSchema } from '@/lib/routing/json-schema';

const SCHEMAS: Record<string, () => Record<string, unknown>> = {
  'docs/api/usage-event.schema.json': usageEventJsonSchema,
  'docs/api/routing-document.schema.json': routingDocumentJsonSchema,
};

for (const [file, schema] of Object.entries(SCHEMAS)) {
  fs.writeFileSync(file, `${JSON.stringify(schema(), null, 2)}\n`);
  console.log(`wrote ${file}`);
}
