/**
 * The budget state version the state endpoint's 304 path trusts without a query (db/budget-state-version.ts): an
 * instance sees its own changes at once; on Postgres another instance's change is heard over LISTEN, and without
 * notifications (a listening connection that lost them) the version is read again within a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openMigratedDatabase } from '@/db/client';
import type { UserActor } from '@/lib/auth/actor';
import { serviceContext } from '@/services/context';
import { createBudget } from '@/services/budgets/create-budget';
import { getBudgetState } from '@/services/budgets/get-budget-state';
import { updateBudget } from '@/services/budgets/update-budget';
import { openTestDatabase, type TestDatabase, testDriver } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';

let t: TestDatabase;
let member: UserActor;
let projectId: string;
let budgetId: string;

beforeAll(async () => {
  t = await openTestDatabase();
  member = await makeUser(t, 'member');
  projectId = (await makeProject(t)).id;
  budgetId = (await createBudget(as(t, member), { name: 'Org', period: { kind: 'month' }, amount: 100 })).id;
});
afterAll(async () => t?.destroy());

/** The state as a gateway of the project reads it through `handle`: its ETag. */
const etagOn = async (handle: DatabaseHandle) =>
  (
    await getBudgetState(serviceContext(handle, { kind: 'api_key', projectId, keyId: 'k', scopes: ['routing:read'] }), {
      waitSeconds: 0,
    })
  ).etag;

let amount = 100;
const changeBudget = (handle: DatabaseHandle) => updateBudget(as(handle, member), { id: budgetId, amount: ++amount });

describe('the budget state version', () => {
  it('an instance sees each of its own changes in the very next read', async () => {
    let before = await etagOn(t);
    for (let i = 0; i < 10; i++) {
      expect(await etagOn(t)).toBe(before); // trusted: no change
      await changeBudget(t);
      const after = await etagOn(t);
      expect(after).not.toBe(before);
      before = after;
    }
  });

  describe.runIf(testDriver() === 'postgres')('two instances on Postgres', () => {
    it('hears the other instance’s change over LISTEN, well within the second it would otherwise trust', async () => {
      const other = await openMigratedDatabase(t.target);
      try {
        const before = await etagOn(t);
        await etagOn(t);
        const started = Date.now();
        await changeBudget(other);
        while ((await etagOn(t)) === before && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
        expect(Date.now() - started).toBeLessThan(500);
      } finally {
        await other.close();
      }
    });

    it('without notifications, reads the version again after at most a second', async () => {
      const opened = await openMigratedDatabase(t.target);
      // An instance whose listening connection delivers nothing (as one that lost notifications while reconnecting).
      const deaf: DatabaseHandle = { ...opened, listen: async () => async () => {} };
      try {
        const readAt = Date.now();
        await etagOn(deaf); // reads the version
        await new Promise((r) => setTimeout(r, 20)); // its LISTEN is up
        const before = await etagOn(deaf); // trusted
        await changeBudget(t);
        if (Date.now() - readAt < 900) expect(await etagOn(deaf)).toBe(before); // still trusted: no query
        await new Promise((r) => setTimeout(r, Math.max(0, readAt + 1_100 - Date.now())));
        expect(await etagOn(deaf)).not.toBe(before);
      } finally {
        await opened.close();
      }
    });
  });
});
