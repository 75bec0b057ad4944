import 'server-only';
/** Saved runs, newest first, without their results (totals only). */
import { listSimulationRunRows, type SimulationRunListItem } from '@/db/queries/simulation';
import { assertCan } from '@/lib/auth/guard';
import { parseInput } from '@/lib/input';
import { z } from 'zod';
import type { ServiceContext } from '../context';

const schema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.date().optional(),
});

export async function listSimulationRuns(ctx: ServiceContext, input: unknown = {}): Promise<SimulationRunListItem[]> {
  assertCan(ctx.actor, 'dashboards:read');
  const { limit, before } = parseInput(schema, input ?? {}, 'simulation');
  return listSimulationRunRows(ctx.db, { limit, before });
}
