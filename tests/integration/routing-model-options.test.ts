import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidatePricer } from '@/db/queries/pricing-config';
import { modelPrices } from '@/db/schema';
import { listModelOptions } from '@/services/models/list-model-options';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeUser } from '../helpers/fixtures';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.destroy());

describe('the routing editor model picker', () => {
  it('lists catalog models with their $/MTok, an admin price winning, for members; viewers are refused', async () => {
    await makeUser(t, 'admin');
    const member = await makeUser(t, 'member');
    const viewer = await makeUser(t, 'viewer');
    await t.db.insert(modelPrices).values([
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        inputMicrosPerMTok: 1_000_000,
        outputMicrosPerMTok: 5_000_000,
      },
      // A self-hosted model the catalog does not know: listed because it has an admin price.
      {
        provider: 'local',
        model: 'qwen-coder',
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        inputMicrosPerMTok: 100_000,
        outputMicrosPerMTok: 200_000,
      },
    ]);
    invalidatePricer();
    const options = await listModelOptions(as(t, member));
    const by = new Map(options.map((o) => [o.id, o]));
    expect(by.get('anthropic/claude-sonnet-4-5')).toMatchObject({
      inputMicrosPerMTok: 1_000_000,
      outputMicrosPerMTok: 5_000_000,
      source: 'admin',
    });
    expect(by.get('local/qwen-coder')).toMatchObject({ inputMicrosPerMTok: 100_000, outputMicrosPerMTok: 200_000, source: 'admin' });
    const catalog = by.get('openai/gpt-5-mini');
    expect(catalog?.source).toBe('catalog');
    expect(catalog?.inputMicrosPerMTok).toBeGreaterThan(0);
    expect(catalog!.outputMicrosPerMTok!).toBeGreaterThan(catalog!.inputMicrosPerMTok!);
    expect(options.map((o) => o.id)).toEqual([...options.map((o) => o.id)].sort((a, b) => a.localeCompare(b)));
    await expect(listModelOptions(as(t, viewer))).rejects.toMatchObject({ code: 'forbidden:auth' });
  });
});
