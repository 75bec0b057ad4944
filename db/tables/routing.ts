/**
 * Routing tables (docs/adr/0011-routing-versions.md): immutable published versions, drafts people edit, the one
 * published pointer, and the gateways that pull. Versions, drafts and the pointer are organisation-level reference
 * tables (one table per organisation; a project may later get its own pointer, keyed by `scope`); gateways are per
 * project (`project_id` first in the key, Citus).
 *
 * Documents are `json`, not `jsonb`: json keeps the text as written (key order included), so a version reads back
 * byte for byte as published and its content hash, the pull API's strong ETag, is stable across drivers.
 */
import { integer, json, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RoutingDocument } from '../../lib/routing/document';

/** A published version: never updated or deleted. `number` is the version the evaluator stamps on decisions. */
export const routingVersions = pgTable('routing_versions', {
  number: integer('number').primaryKey(),
  /** The normalised document (lib/routing/parse.ts output). */
  document: json('document').$type<RoutingDocument>().notNull(),
  /** SHA-256 (base64url) of the document's JSON text: equal documents, equal hashes. */
  contentHash: text('content_hash').notNull(),
  note: text('note').notNull(),
  publishedBy: uuid('published_by'),
  /** Kept verbatim, like the audit log (`system:<name>` for Switchyard itself). */
  publishedByEmail: text('published_by_email').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  /** A rollback: the earlier version this one republishes. */
  rolledBackFrom: integer('rolled_back_from'),
  /** The draft it was published from (null for a rollback or the demo seed). */
  fromDraft: uuid('from_draft'),
});
export type RoutingVersionRow = typeof routingVersions.$inferSelect;

/** A draft: edited in place, `revision` counts saves (a save names the revision it read: optimistic concurrency). */
export const routingDrafts = pgTable('routing_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().default(''),
  /** The version it started from (null: from scratch). */
  basedOnVersion: integer('based_on_version'),
  document: json('document').$type<RoutingDocument>().notNull(),
  revision: integer('revision').notNull().default(1),
  createdBy: uuid('created_by'),
  createdByEmail: text('created_by_email').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedByEmail: text('updated_by_email').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type RoutingDraftRow = typeof routingDrafts.$inferSelect;

/** Which version is published, per scope (`organisation` today). Moved only by publish and rollback. */
export const routingPublished = pgTable('routing_published', {
  scope: text('scope').primaryKey(),
  version: integer('version')
    .notNull()
    .references(() => routingVersions.number),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
});

/** A gateway that pulled the routing document with a key of this project (x-switchyard-gateway). */
export const routingGateways = pgTable(
  'routing_gateways',
  {
    projectId: uuid('project_id').notNull(),
    gatewayId: text('gateway_id').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastPullAt: timestamp('last_pull_at', { withTimezone: true }).notNull(),
    /** The routing version it said it applies (x-switchyard-gateway-version); null before its first document. */
    runningVersion: integer('running_version'),
    userAgent: text('user_agent'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.gatewayId] })],
);
export type RoutingGatewayRow = typeof routingGateways.$inferSelect;
