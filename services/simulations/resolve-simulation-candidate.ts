import 'server-only';
/**
 * The candidate table of a simulation, as a validated routing document with a label: the published table,
 * a version, a draft, an example document or one given inline, with quick edits ("code → balanced") placed
 * first (services/routing reads stored versions and drafts). Also the frontier's base: the document the edits
 * were made on (or the candidate itself).
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
import { getPublishedRouting } from '../routing/get-published-routing';
import { getRoutingDraft } from '../routing/get-routing-draft';
import { getRoutingVersion } from '../routing/get-routing-version';

const notFound = (message: string) => new AppError('not_found:simulation', message, { fields: { candidate: [message] } });

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
    case 'published': {
      const published = await getPublishedRouting(ctx);
      if (!published)
        throw new AppError('not_found:simulation', 'No routing table has been published yet: choose a draft, an example or a document.', {
          fields: { candidate: ['Nothing is published yet.'] },
        });
      return {
        label: `Published v${published.number}`,
        document: validCandidateDocument(published.document, 'The published table'),
        version: published.number,
      };
    }
    case 'version': {
      const version = await getRoutingVersion(ctx, { version: choice.version }).catch((err) => {
        if (err instanceof AppError && err.code.startsWith('not_found')) throw notFound(`There is no routing version ${choice.version}.`);
        throw err;
      });
      return {
        label: `Version ${version.number}`,
        document: validCandidateDocument(version.document, `Version ${version.number}`),
        version: version.number,
      };
    }
    case 'draft': {
      const draft = await getRoutingDraft(ctx, { id: choice.id }).catch((err) => {
        if (err instanceof AppError && (err.code.startsWith('not_found') || err.code.startsWith('bad_request')))
          throw notFound('There is no such draft (it may have been published or deleted).');
        throw err;
      });
      return {
        label: `Draft ${draft.name || draft.id.slice(0, 8)}`,
        document: validCandidateDocument(draft.document, 'The draft'),
        version: null,
      };
    }
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
