import 'server-only';
/**
 * What changed between two routing documents, rule by rule (lib/routing/diff.ts): each side is a version number,
 * `published`, or `draft:<id>` (a draft against what it would replace).
 */
import type { Database } from '@/db/client';
import { getPublishedRouting, getRoutingDraft, getRoutingVersion } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import type { RoutingDocument } from '@/lib/routing/document';
import { diffRoutingDocuments, type RoutingDiff } from '@/lib/routing/diff';
import { z } from 'zod';
import type { ServiceContext } from '../context';

const side = z
  .string()
  .trim()
  .regex(/^(\d{1,9}|published|draft:[0-9a-f-]{36})$/i, 'A version number, "published" or "draft:<id>".');
const schema = z.object({
  from: z.union([side, z.number().int().min(1).transform(String)]),
  to: z.union([side, z.number().int().min(1).transform(String)]),
});

export interface RoutingDiffSide {
  ref: string;
  version: number | null;
  draftId: string | null;
}

async function load(db: Database, ref: string): Promise<{ side: RoutingDiffSide; document: RoutingDocument }> {
  if (ref.startsWith('draft:')) {
    const id = ref.slice('draft:'.length);
    const draft = await getRoutingDraft(db, { id });
    if (!draft) throw new AppError('not_found:routing_draft', 'There is no such draft (it may have been published or deleted).');
    return { side: { ref, version: null, draftId: id }, document: draft.document };
  }
  const row = ref === 'published' ? await getPublishedRouting(db) : await getRoutingVersion(db, { number: Number(ref) });
  if (!row)
    throw new AppError(
      'not_found:routing',
      ref === 'published' ? 'No routing version is published.' : `There is no routing version ${ref}.`,
    );
  return { side: { ref, version: row.number, draftId: null }, document: row.document };
}

export async function diffRoutingVersions(
  ctx: ServiceContext,
  input: unknown,
): Promise<{ from: RoutingDiffSide; to: RoutingDiffSide; diff: RoutingDiff }> {
  assertCan(ctx.actor, 'dashboards:read');
  const { from, to } = parseInput(schema, input, 'routing');
  const [a, b] = await Promise.all([load(ctx.db, from.toLowerCase()), load(ctx.db, to.toLowerCase())]);
  return { from: a.side, to: b.side, diff: diffRoutingDocuments(a.document, b.document) };
}
