import 'server-only';
/**
 * The candidate table of a simulation, as a validated routing document with a label: the published table,
 * a version, a draft, an example document or one given inline, with quick edits ("code → balanced") placed
 * first. Also the frontier's base: the document the edits were made on (or the candidate itself).
 */
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import type { RoutingDocument } from '@/lib/routing/document';
import { RoutingDocumentError } from '@/lib/routing/issues';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import {
  applyModeEdits,
  type CandidateChoice,
  describeEdits,
  EXAMPLE_DOCUMENTS,
  formatRoutingIssues,
  type ModeEdit,
  validCandidateDocument,
} from '@/lib/simulation/run-input';
import type { ServiceContext } from '../context';

export interface ResolvedCandidate {
  label: string;
  document: RoutingDocument;
  /** The document the edits were made on; null when there were none. */
  baseDocument: RoutingDocument | null;
  /** The routing version the candidate is, when it is one unchanged (zero savings expected against it). */
  version: number | null;
}

async function baseOf(
  ctx: ServiceContext,
  choice: CandidateChoice,
): Promise<{ label: string; document: RoutingDocument; version: number | null }> {
  switch (choice.kind) {
    case 'example': {
      const example = EXAMPLE_DOCUMENTS[choice.name];
      return { label: example.label, document: validCandidateDocument(example.document, 'The example'), version: null };
    }
    case 'document':
      return { label: 'Inline document', document: validCandidateDocument(choice.document, 'The candidate'), version: null };
    case 'published':
    case 'version':
    case 'draft':
      // Routing versions and drafts are stored by the routing area (h/routing-api); until its tables exist
      // here, a stored table cannot be named, and the refusal says what can be used instead.
      void ctx;
      throw new AppError(
        'not_found:simulation',
        'No routing table is stored yet: pass the document inline (kind "document") or start from an example.',
        { fields: { candidate: ['No routing version or draft is stored yet.'] } },
      );
  }
}

export async function resolveSimulationCandidate(
  ctx: ServiceContext,
  input: { candidate: CandidateChoice; edits: readonly ModeEdit[] },
): Promise<ResolvedCandidate> {
  assertCan(ctx.actor, 'simulations:run');
  const base = await baseOf(ctx, input.candidate);
  const edited =
    input.edits.length === 0 ? base.document : validCandidateDocument(applyModeEdits(base.document, input.edits), 'The edited table');
  try {
    compileRoutingDocument(edited, { version: base.version ?? 0 });
  } catch (err) {
    if (err instanceof RoutingDocumentError)
      throw new AppError('bad_request:simulation', 'The candidate cannot be evaluated.', {
        fields: { candidate: formatRoutingIssues(err.issues) },
      });
    throw err;
  }
  return {
    label: input.edits.length === 0 ? base.label : `${base.label} + ${describeEdits(input.edits)}`,
    document: edited,
    baseDocument: input.edits.length === 0 ? null : base.document,
    version: input.edits.length === 0 ? base.version : null,
  };
}
