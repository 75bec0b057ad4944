import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema.ts and db/tables/ (one file per area, re-exported by db/schema.ts)
// and applied at start-up by db/migrate.ts (both drivers).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./db/schema.ts', './db/tables/*.ts'],
  out: './db/migrations',
  strict: true,
});
