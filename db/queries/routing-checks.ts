/**
 * What routing saves and publishes share below the services: validation on every save with the facts only the server
 * has (lib/routing/parse.ts + validate.ts, given the models Switchyard knows — catalog, admin prices, aliases, models in
 * use: an unknown one is an error — prices in force (unpriced: a warning), the catalog's tiers, project slugs and budget
 * ids), and the one way a version comes to be (publish and rollback). Budget ids: an explicit `budgetIds` list when given
 * and non-empty (tests); otherwise the `budgets` table, read as the editor's budget picker reads it (listBudgetOptionRows).
 */
import { createHash } from 'node:crypto';
import { type Actor, auditIdentity } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { findCatalogModel } from '@/lib/pricing/catalog';
import { type RoutingDocument, routingDocumentSchema } from '@/lib/routing/document';
import { compileRoutingDocument } from '@/lib/routing/evaluator';
import { hasErrors, type RoutingIssue } from '@/lib/routing/issues';
import { parseRoutingDocument } from '@/lib/routing/parse';
import type { RoutingValidationContext } from '@/lib/routing/validate';
import type { Database } from '../client';
import type { RoutingVersionRow } from '../schema';
import { recordAudit } from './audit';
import { listModelAliases, listModelPrices, listModelsInUse, listTiers } from './models';
import { getPricer } from './pricing-config';
import { listProjects } from './projects';
import { insertRoutingVersion, listBudgetOptionRows, lockNextVersionNumber, setPublishedVersion } from './routing';

export interface RoutingCheckOptions {
  /** Budget ids that exist; empty or absent: the `budgets` table's. */
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
    options.budgetIds && options.budgetIds.length > 0
      ? Promise.resolve([...options.budgetIds])
      : listBudgetOptionRows(db).then((rows) => rows.map((r) => r.id)),
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
    budgetIds,
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

/**
 * Numbered under a lock, stored immutable with its content hash, the published pointer moved (NOTIFY at commit) and
 * the audit entry written, all in the caller's transaction. The caller announces in-process after the commit.
 */
export const routingContentHash = (doc: RoutingDocument) => createHash('sha256').update(JSON.stringify(doc)).digest('base64url');

export async function insertPublishedVersion(
  tx: Database,
  actor: Actor,
  now: Date,
  args: { document: RoutingDocument; note: string; fromDraft?: string | null; rolledBackFrom?: number | null; action: string },
): Promise<RoutingVersionRow> {
  const number = await lockNextVersionNumber(tx);
  compileRoutingDocument(args.document, { version: number }); // throws RoutingDocumentError if it cannot be evaluated
  const who = auditIdentity(actor);
  const version = await insertRoutingVersion(tx, {
    number,
    document: args.document,
    contentHash: routingContentHash(args.document),
    note: args.note,
    publishedBy: who.actorUserId,
    publishedByEmail: who.actorEmail,
    publishedAt: now,
    rolledBackFrom: args.rolledBackFrom ?? null,
    fromDraft: args.fromDraft ?? null,
  });
  await setPublishedVersion(tx, { version: number, at: now });
  await recordAudit(tx, {
    actor,
    action: args.action,
    targetType: 'routing_version',
    targetId: String(number),
    details: {
      note: args.note,
      contentHash: version.contentHash,
      ...(args.fromDraft ? { fromDraft: args.fromDraft } : {}),
      ...(args.rolledBackFrom ? { rolledBackFrom: args.rolledBackFrom } : {}),
    },
  });
  return version;
}
