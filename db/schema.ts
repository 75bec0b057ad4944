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
  uuid,
} from 'drizzle-orm/pg-core';

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
 * One LLM request as a gateway or SDK saw it (semantics: shared DESIGN.md "Usage event").
 * Token counts follow the OpenTelemetry GenAI convention: input includes cache reads/writes,
 * output includes reasoning. Money is integer micro-dollars; a null cost means unpriced, never free.
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
    tier: text('tier'),
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
    reportedCostMicros: bigint('reported_cost_micros', { mode: 'number' }),
    outcomeSuccess: boolean('outcome_success'),
    outcomeScore: real('outcome_score'),
    outcomeFeedback: text('outcome_feedback'),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.eventId] }),
    index('usage_events_project_time_idx').on(t.projectId, t.occurredAt),
    index('usage_events_session_idx').on(t.projectId, t.sessionId, t.turn),
  ],
);
export type UsageEvent = typeof usageEvents.$inferSelect;
export type NewUsageEvent = typeof usageEvents.$inferInsert;
