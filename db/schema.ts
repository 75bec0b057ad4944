/**
 * Every table, its row type declared right under it.
 *
 * Distribution plan (Citus, see docs/adr/0001-data-layout.md): organisation-wide configuration tables
 * (users, projects, settings, audit log, login throttle) are reference tables; every per-project table
 * carries `project_id` first in its primary key and in every unique key, so it can be distributed by
 * `project_id` without changing a constraint.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  date,
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
// Relative, not '@/': drizzle-kit loads this file without the app's path aliases.
import { CORE_MEASURES, READ_MEASURES, type CoreMeasure, type ReadMeasure } from '../lib/usage/measures';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- organisation (reference tables)

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-cased; unique across the organisation. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'member', 'viewer'] }).notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
});
export type User = typeof users.$inferSelect;

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Short, URL-safe, unique name used in APIs and links. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
});
export type Project = typeof projects.$inferSelect;

export const orgSettings = pgTable('org_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
export type OrgSetting = typeof orgSettings.$inferSelect;

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    /** Kept verbatim so the log still reads right after the actor is renamed or deactivated. */
    actorEmail: text('actor_email').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at)],
);
export type AuditEntry = typeof auditLog.$inferSelect;

/** One row per throttled sign-in key (email + client address); see lib/auth/throttle.ts. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
export type LoginThrottleRow = typeof loginThrottle.$inferSelect;

// ---------------------------------------------------------------- per project (distributed by project_id)

export const apiKeys = pgTable(
  'api_keys',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** The visible start of the secret, e.g. `sy_3kq9x2ab`, shown in lists to recognise a key. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole secret, hex. The secret itself is never stored. */
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    unique('api_keys_project_hash_key').on(t.projectId, t.keyHash),
    // Look-up by secret happens before the project is known; 256 random bits make the hash unique in practice.
    index('api_keys_hash_idx').on(t.keyHash),
  ],
);
export type ApiKey = typeof apiKeys.$inferSelect;

/**
 * A BRIN index on a time column: the pages holding a period, across every project (the primary keys lead
 * with project_id). Rows arrive roughly in time order, so each range of 32 pages spans a short time.
 */
const timeSummary = (name: string, column: AnyPgColumn) =>
  index(name).using('brin', column).with({ pages_per_range: 32, autosummarize: true });

/**
 * One LLM request as a gateway or SDK saw it (semantics: shared DESIGN.md "Usage event").
 * Token counts follow the OpenTelemetry GenAI convention: input includes cache reads/writes,
 * output includes reasoning. Money is integer micro-dollars; a null cost means unpriced, never free.
 * Partitioned by month of `occurred_at` (hand-written in db/migrations/0000_init.sql, which drizzle-kit
 * cannot express) so retention drops whole months; idempotency lives in `usage_event_ids`.
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    projectId: uuid('project_id').notNull(),
    eventId: text('event_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    mode: text('mode'),
    task: text('task'),
    userId: text('user_id'),
    sessionId: text('session_id'),
    turn: integer('turn'),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    requestedModel: text('requested_model'),
    routingRuleId: text('routing_rule_id'),
    routingVersion: integer('routing_version'),
    routingTier: text('routing_tier'),
    /** The served model's tier when the event was ingested (kept, so history is stable when tiers change). */
    tier: text('tier').notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    cacheReadTokens: bigint('cache_read_tokens', { mode: 'number' }).notNull().default(0),
    cacheWrite5mTokens: bigint('cache_write_5m_tokens', { mode: 'number' }).notNull().default(0),
    cacheWrite1hTokens: bigint('cache_write_1h_tokens', { mode: 'number' }).notNull().default(0),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    reasoningTokens: bigint('reasoning_tokens', { mode: 'number' }).notNull().default(0),
    latencyMs: integer('latency_ms'),
    ttftMs: integer('ttft_ms'),
    status: text('status').notNull().default('ok'),
    costMicros: bigint('cost_micros', { mode: 'number' }),
    cacheSavingsMicros: bigint('cache_savings_micros', { mode: 'number' }),
    /** `custom:<price id>` or `catalog:<version>:<provider>/<model>`; null when unpriced. */
    priceSource: text('price_source'),
    reportedCostMicros: bigint('reported_cost_micros', { mode: 'number' }),
    /** Reported and computed cost differ by more than the tolerance in lib/pricing/reported-cost.ts. */
    costMismatch: boolean('cost_mismatch').notNull().default(false),
    outcomeSuccess: boolean('outcome_success'),
    outcomeScore: real('outcome_score'),
    outcomeFeedback: text('outcome_feedback'),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  },
  // The primary key, and a BRIN summary of time (a few bytes per range of pages, nearly free to keep as
  // events arrive in time order) for the rare dashboard view no rollup can answer. A session's turns are
  // read through the primary key, between the session's first and last event times kept in usage_sessions.
  (t) => [primaryKey({ columns: [t.projectId, t.occurredAt, t.eventId] }), timeSummary('usage_events_occurred_at_brin', t.occurredAt)],
);
export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;

/** Idempotency: one row per (project, event id) ever accepted, whatever month the event fell in. */
export const usageEventIds = pgTable(
  'usage_event_ids',
  {
    projectId: uuid('project_id').notNull(),
    eventId: text('event_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.eventId] })],
);

// Rollups, maintained in the same statement as the insert (db/ingest/write-events.ts) and exactly
// equal to the raw events. Missing dimensions are stored as '' so they group and conflict normally.
/** The dimensions of the hourly rollup's key ('' when an event had none), shared by every grain keyed by all of them. */
const mainDimensions = () => ({
  mode: text('mode').notNull(),
  task: text('task').notNull(),
  provider: text('provider').notNull(),
  model: text('model').notNull(),
  tier: text('tier').notNull(),
  status: text('status').notNull(),
  routingRuleId: text('routing_rule_id').notNull(),
});

const measureColumn = (column: string) => bigint(column, { mode: 'number' }).notNull();
/** The core measures' columns, one bigint each, generated from lib/usage/measures.ts (the one declaration). */
const measures = () =>
  Object.fromEntries(CORE_MEASURES.map((m) => [m.key, measureColumn(m.column)])) as {
    [M in CoreMeasure as M['key']]: ReturnType<typeof measureColumn>;
  };
/** Only the measures dashboard queries read (lib/usage/measures.ts READ_MEASURES): for the widest grain. */
const readMeasures = () =>
  Object.fromEntries(READ_MEASURES.map((m) => [m.key, measureColumn(m.column)])) as {
    [M in ReadMeasure as M['key']]: ReturnType<typeof measureColumn>;
  };

export const usageHourly = pgTable(
  'usage_hourly',
  {
    projectId: uuid('project_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    ...mainDimensions(),
    ...measures(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.hour, t.mode, t.task, t.provider, t.model, t.tier, t.status, t.routingRuleId] }),
    timeSummary('usage_hourly_hour_brin', t.hour),
  ],
);
export type UsageHourly = typeof usageHourly.$inferSelect;

/** Totals by project and local day of the organisation's time zone: the Overview's cheapest source. */
export const usageDailyTotals = pgTable(
  'usage_daily_totals',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

/** By local day, mode and served model (no task, no status): the Overview's charts and tier/routing shares. */
export const usageDailyModels = pgTable(
  'usage_daily_models',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    mode: text('mode').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    tier: text('tier').notNull(),
    routingRuleId: text('routing_rule_id').notNull(),
    ...measures(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.day, t.mode, t.provider, t.model, t.tier, t.routingRuleId] }),
    timeSummary('usage_daily_models_day_brin', t.day),
  ],
);

/** By local day, user, mode and tier: per-person views (and a person's mode or tier mix). */
export const usageDailyUserModes = pgTable(
  'usage_daily_user_modes',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    mode: text('mode').notNull(),
    tier: text('tier').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day, t.userId, t.mode, t.tier] }), timeSummary('usage_daily_user_modes_day_brin', t.day)],
);

/** The hourly rollup's dimensions by local day of the organisation's time zone (see lib/ingest/rollup-grains.ts). */
export const usageDaily = pgTable(
  'usage_daily',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    ...mainDimensions(),
    ...measures(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.day, t.mode, t.task, t.provider, t.model, t.tier, t.status, t.routingRuleId] }),
    timeSummary('usage_daily_day_brin', t.day),
  ],
);

/** Hourly by user, mode and tier (hourly per-person views; the source of the daily one). */
export const usageHourlyUsers = pgTable(
  'usage_hourly_users',
  {
    projectId: uuid('project_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    userId: text('user_id').notNull(),
    mode: text('mode').notNull(),
    tier: text('tier').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.userId, t.mode, t.tier] }), timeSummary('usage_hourly_users_hour_brin', t.hour)],
);

/** Hourly by tag: one row per (tag key, tag value); an event with three tags counts in three rows. */
export const usageHourlyTags = pgTable(
  'usage_hourly_tags',
  {
    projectId: uuid('project_id').notNull(),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    tagKey: text('tag_key').notNull(),
    tagValue: text('tag_value').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.tagKey, t.tagValue] }), timeSummary('usage_hourly_tags_hour_brin', t.hour)],
);

/**
 * By local day and combination (usage_combos: the hourly rollup's dimensions and the event's whole tag map):
 * any tags crossed with mode, task, model, … over whole days. Read through the view usage_daily_tag_sets
 * (these rows joined to their combination). No hour grain holds its key, so a zone change re-sums it from raw events.
 */
export const usageDailyTagFacts = pgTable(
  'usage_daily_tag_facts',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    comboId: uuid('combo_id').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day, t.comboId] }), timeSummary('usage_daily_tag_facts_day_brin', t.day)],
);

/**
 * Each combination of the non-user dimensions and tag map that usage has had, once per project, named by
 * a hash of its values (`id` = md5 of their JSON text, computed in SQL: db/ingest/write-events.ts comboIdSql),
 * so writers never look an id up. Referenced by the user-set day grain, whose rows stay narrow to scan.
 */
export const usageCombos = pgTable(
  'usage_combos',
  {
    projectId: uuid('project_id').notNull(),
    id: uuid('id').notNull(),
    ...mainDimensions(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.id] })],
);

/**
 * By local day, user and combination (usage_combos): every dimension, the user and the tag map, for any
 * view crossing a user with anything else over whole days. Read through the view usage_daily_user_sets
 * (these rows joined to their combination). Keeps only the measures dashboards read. No hour grain holds
 * its key, so a zone change re-sums it from raw events, like the tag-set grain.
 */
export const usageDailyUserFacts = pgTable(
  'usage_daily_user_facts',
  {
    projectId: uuid('project_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    comboId: uuid('combo_id').notNull(),
    ...readMeasures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day, t.userId, t.comboId] }), timeSummary('usage_daily_user_facts_day_brin', t.day)],
);

export const usageSessions = pgTable(
  'usage_sessions',
  {
    projectId: uuid('project_id').notNull(),
    sessionId: text('session_id').notNull(),
    userId: text('user_id').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
    maxTurn: integer('max_turn').notNull(),
    ...measures(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.sessionId] })],
);

// ---------------------------------------------------------------- pricing configuration (reference tables)

/** Admin prices: custom, negotiated or self-hosted, each from an effective date. µ$ per million tokens. */
export const modelPrices = pgTable(
  'model_prices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    inputMicrosPerMTok: bigint('input_micros_per_mtok', { mode: 'number' }).notNull(),
    outputMicrosPerMTok: bigint('output_micros_per_mtok', { mode: 'number' }).notNull(),
    cacheReadMicrosPerMTok: bigint('cache_read_micros_per_mtok', { mode: 'number' }),
    cacheWrite5mMicrosPerMTok: bigint('cache_write_5m_micros_per_mtok', { mode: 'number' }),
    cacheWrite1hMicrosPerMTok: bigint('cache_write_1h_micros_per_mtok', { mode: 'number' }),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [unique('model_prices_model_from_key').on(t.provider, t.model, t.effectiveFrom)],
);
export type ModelPriceRow = typeof modelPrices.$inferSelect;

/** Maps a model name the catalog does not know (a gateway alias, a deployment name) to one it does. */
export const modelAliases = pgTable(
  'model_aliases',
  {
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    targetProvider: text('target_provider').notNull(),
    targetModel: text('target_model').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.model] })],
);
export type ModelAliasRow = typeof modelAliases.$inferSelect;

/** The tiers, in order (first = most capable). Defaults: frontier, balanced, economy. */
export const tiers = pgTable('tiers', {
  name: text('name').primaryKey(),
  position: integer('position').notNull(),
  description: text('description').notNull().default(''),
});

/** An admin's tier for one model, overriding the price rule. */
export const modelTiers = pgTable(
  'model_tiers',
  {
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    tier: text('tier')
      .notNull()
      .references(() => tiers.name, { onUpdate: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.provider, t.model] })],
);

/** Background work with visible progress: re-pricing after a price change, history imports. */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A kind registered in services/jobs/registry.ts (the registry validates `params` against it). */
    kind: text('kind').notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('queued'),
    projectId: uuid('project_id'),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Per-row problems (imports) or the failure reason, capped in size by the job runner. */
    errors: jsonb('errors').$type<{ row?: number; code: string; message: string }[]>().notNull().default([]),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    /** Advanced on every chunk: a running job not updated for minutes was interrupted. */
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Jobs of one lane run one at a time (a partial unique index on running jobs keeps it across instances). */
    lane: text('lane'),
    /** Times the scheduler started it (a resumable job interrupted by a crash is started again). */
    attempts: integer('attempts').notNull().default(0),
    /** The scheduler instance running it (its heartbeat only advances its own jobs). */
    claimedBy: text('claimed_by'),
  },
  (t) => [
    index('jobs_created_idx').on(t.createdAt),
    index('jobs_queued_idx').on(t.status, t.createdAt),
    uniqueIndex('jobs_one_running_per_lane').on(t.lane).where(sql`status = 'running' and lane is not null`),
  ],
);
export type Job = typeof jobs.$inferSelect;

// ---------------------------------------------------------------- people's access tokens (reference table)

/**
 * A person's access tokens for scripts and CI. Organisation-level like users (a token belongs to a person,
 * not a project). A token acts with its person's current role; it stops working when revoked, expired, or
 * its person is deactivated.
 */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** The visible start of the secret, e.g. `syt_3kq9x2ab`, shown in lists to recognise a token. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole secret, hex. The secret itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('access_tokens_user_idx').on(t.userId)],
);
export type AccessToken = typeof accessTokens.$inferSelect;

// ---------------------------------------------------------------- areas declared in their own files (db/tables/)

export * from './tables/alerts';
export * from './tables/deliveries';
export * from './tables/routing';
export * from './tables/savings';
export * from './tables/budgets';
export * from './tables/simulation';
export * from './tables/dashboards';
export * from './tables/scheduler';
export * from './tables/explorer';
