/**
 * The pulled routing document (GET /api/v1/routing), validated with the same parser the server saves with
 * (lib/routing/parse.ts) and compiled by the one evaluator (lib/routing/evaluator.ts). Nothing that fails either is
 * ever applied.
 */
import { z } from 'zod';
import { type CompiledRoutingDocument, compileRoutingDocument } from '@/lib/routing/evaluator';
import { parseRoutingDocument } from '@/lib/routing/parse';
import type { Validation } from './sync';

const envelope = z.object({ version: z.number().int().min(0), document: z.unknown() });

export function validateRoutingPayload(body: unknown): Validation<CompiledRoutingDocument> {
  const e = envelope.safeParse(body);
  if (!e.success) return { ok: false, problems: e.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) };
  const parsed = parseRoutingDocument(e.data.document);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: parsed.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} at ${i.path || '/'}: ${i.message}`),
    };
  }
  try {
    return { ok: true, value: compileRoutingDocument(parsed.document, { version: e.data.version }) };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  }
}

/** The document tier that lists a model first (the tier a budget scope sees for a passed-through model). */
export function tierOfModel(compiled: CompiledRoutingDocument, id: string): string | null {
  for (const [tier, models] of compiled.tiers) if (models.includes(id)) return tier;
  return null;
}
