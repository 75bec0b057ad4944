import 'server-only';
/**
 * Validation on every save: the pure checks of lib/routing (schema, default, ids, pre-emption, ranges, tiers) with
 * the facts only the server has — the models Switchyard knows (catalog, admin prices, aliases, models in use: an
 * unknown one is an error) and prices (an unpriced one is a warning), the catalog's tiers, project slugs, and budget
 * ids. Budgets: an explicit `budgetIds` list is used when given and non-empty; otherwise the `budgets` table is read
 * when it exists (budgets are another area); with neither, budget references are not checked.
 */
import { listModelAliases, listModelPrices, listModelsInUse, listTiers } from '@/db/queries/models';
import { getPricer } from '@/db/queries/pricing-config';
import { listProjects } from '@/db/queries/projects';
import { listBudgetIdsIfAny } from '@/db/queries/routing';
import type { Database } from '@/db/client';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { findCatalogModel } from '@/lib/pricing/catalog';
import { type RoutingDocument, routingDocumentSchema } from '@/lib/routing/document';
import { hasErrors, type RoutingIssue } from '@/lib/routing/issues';
import { parseRoutingDocument } from '@/lib/routing/parse';
import type { RoutingValidationContext } from '@/lib/routing/validate';
import type { ServiceContext } from '../context';

export interface RoutingCheckOptions {
  /** Budget ids that exist; empty or absent: read the `budgets` table if there is one, else no budget check. */
  budgetIds?: readonly string[];
}

/** Issues that mean the input is not a document at all: it cannot be stored, even as a draft. */
const SHAPE_CODES = new Set(['invalid_json', 'document_too_large', 'too_many_rules', 'unknown_field', 'missing_field', 'invalid_value']);

const modelsOf = (doc: RoutingDocument) => [
  ...Object.values(doc.tiers).flat(),
  ...doc.rules.flatMap((r) => [...('model' in r.route ? [r.route.model] : []), ...(r.fallbacks ?? [])]),
];

/** What the server knows, for the models this document names (the catalog matches names, so it is asked per model). */
export async function routingValidationContext(
  db: Database,
  doc: RoutingDocument,
  now: Date,
  options: RoutingCheckOptions = {},
): Promise<RoutingValidationContext> {
  const [prices, aliases, inUse, tiers, projects, pricer, budgetIds] = await Promise.all([
    listModelPrices(db),
    listModelAliases(db),
    listModelsInUse(db),
    listTiers(db),
    listProjects(db),
    getPricer(db, now.getTime()),
    options.budgetIds && options.budgetIds.length > 0 ? Promise.resolve([...options.budgetIds]) : listBudgetIdsIfAny(db),
  ]);
  const key = (provider: string, model: string) => `${provider}/${model}`.toLowerCase();
  const configured = new Set([
    ...prices.map((p) => key(p.provider, p.model)),
    ...aliases.map((a) => key(a.provider, a.model)),
    ...inUse.map((m) => key(m.provider, m.model)),
  ]);
  const knownModels: string[] = [];
  const pricedModels: string[] = [];
  for (const id of new Set(modelsOf(doc))) {
    const slash = id.indexOf('/');
    const [provider, model] = [id.slice(0, slash), id.slice(slash + 1)];
    if (configured.has(id.toLowerCase()) || findCatalogModel(provider, model) !== null) knownModels.push(id);
    if (pricer.priceTableAt(provider, model, now) !== null) pricedModels.push(id);
  }
  return {
    knownModels,
    pricedModels,
    tiersInCatalog: tiers.map((t) => t.name),
    projects: projects.map((p) => p.slug),
    ...(budgetIds === null ? {} : { budgetIds }),
  };
}

export type ReadDocument = { document: RoutingDocument; issues: RoutingIssue[]; valid: boolean };

/**
 * Reads a submitted document for storing: refused (`bad_request:routing`, with the issues) when it is not a
 * document at all (bad JSON, over 1 MB, too many rules, a schema violation); otherwise the normalised document with
 * every issue, errors included (`valid` false: a draft may hold it, a publish may not).
 */
export async function readRoutingDocument(
  db: Database,
  input: unknown,
  now: Date,
  options: RoutingCheckOptions = {},
): Promise<ReadDocument> {
  const first = parseRoutingDocument(input);
  if (!first.ok && first.issues.some((i) => SHAPE_CODES.has(i.code))) {
    throw new AppError('bad_request:routing', 'This is not a valid routing document.', { issues: first.issues });
  }
  const document = first.ok ? first.document : routingDocumentSchema.parse(typeof input === 'string' ? JSON.parse(input) : input);
  const result = parseRoutingDocument(document, await routingValidationContext(db, document, now, options));
  return { document, issues: result.issues, valid: !hasErrors(result.issues) };
}

/** The editor's "check": every issue of a document, nothing stored. */
export async function checkRoutingDocument(
  ctx: ServiceContext,
  input: unknown,
  options: RoutingCheckOptions = {},
): Promise<{ valid: boolean; issues: RoutingIssue[] }> {
  assertCan(ctx.actor, 'routing:edit');
  const raw = typeof input === 'object' && input !== null && 'document' in input ? (input as { document: unknown }).document : input;
  try {
    const { issues, valid } = await readRoutingDocument(ctx.db, raw, ctx.now, options);
    return { valid, issues };
  } catch (err) {
    if (err instanceof AppError && err.issues) return { valid: false, issues: err.issues as RoutingIssue[] };
    throw err;
  }
}
