/** Writes docs/api/usage-event.schema.json from the zod schema the API validates with. */
import fs from 'node:fs';
import { usageEventJsonSchema } from '@/lib/ingest/json-schema';

fs.writeFileSync('docs/api/usage-event.schema.json', `${JSON.stringify(usageEventJsonSchema(), null, 2)}\n`);
console.log('wrote docs/api/usage-event.schema.json');
