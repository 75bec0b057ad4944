import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { createFirstAdmin } from '@/services/setup/create-first-admin';
import { openTestDatabase, testDriver } from '../helpers/database';
import { asSystem } from '../helpers/fixtures';

describe('database driver', () => {
  it('migrates idempotently: applying the migrations again changes nothing', async () => {
    const t = await openTestDatabase();
    try {
      const { applyMigrations } = await import('@/db/migrate');
      await applyMigrations(t, t.target);
      const rows = await t.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const n = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0] as { n: number };
      expect(n.n).toBe(fs.readdirSync(path.resolve('db/migrations')).filter((f) => f.endsWith('.sql')).length);
    } finally {
      await t.destroy();
    }
  });

  it.runIf(testDriver() === 'pglite')(
    'persists the embedded database in its folder and refuses a second opener while it is open',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchyard-driver-'));
      try {
        const first = await openMigratedDatabase({ driver: 'pglite', dataDir: dir });
        await createFirstAdmin(asSystem(first), { email: 'keep@example.com', name: 'Keep', password: 'long password 1' });
        // Another process holding the folder: simulate with our parent's pid in the lock file.
        fs.writeFileSync(path.join(dir, 'switchyard.pid'), String(process.ppid));
        await expect(openMigratedDatabase({ driver: 'pglite', dataDir: dir })).rejects.toMatchObject({ code: 'unavailable:database' });
        fs.writeFileSync(path.join(dir, 'switchyard.pid'), String(process.pid));
        await first.close();
        expect(fs.existsSync(path.join(dir, 'switchyard.pid'))).toBe(false);

        const reopened = await openMigratedDatabase({ driver: 'pglite', dataDir: dir });
        expect(await countUsers(reopened.db)).toBe(1);
        await reopened.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
