/** Usage for routing tests: events ingested through the real write path (rollups included), now-ish. */
import { randomUUID } from 'node:crypto';
import { ingestItems } from '@/services/ingest/ingest-items';
import type { TestDatabase } from './database';
import { asSystem, makeProject } from './fixtures';

export interface TestUsage {
  projectId?: string;
  mode: string;
  provider?: string;
  model?: string;
  user?: string;
  tags?: Record<string, string>;
  n?: number;
}

export async function ingestForTest(t: TestDatabase, usage: TestUsage[], now = new Date()): Promise<void> {
  const fallbackProject = usage.some((u) => !u.projectId) ? (await makeProject(t)).id : '';
  for (const u of usage) {
    const items = Array.from({ length: u.n ?? 1 }, () => ({
      ok: true as const,
      value: {
        event_id: randomUUID(),
        timestamp: new Date(now.getTime() - 60_000).toISOString(),
        mode: u.mode,
        ...(u.user ? { user: u.user } : {}),
        ...(u.tags ? { tags: u.tags } : {}),
        provider: u.provider ?? 'anthropic',
        model: u.model ?? 'claude-sonnet-4-5',
        usage: { input_tokens: 1000, output_tokens: 100 },
      },
    }));
    await ingestItems(asSystem(t), { projectId: u.projectId ?? fallbackProject, items, window: { now, lateArrivalDays: null } });
  }
}
