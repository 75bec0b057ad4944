CREATE TABLE "api_keys" (
	"project_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_project_id_id_pk" PRIMARY KEY("project_id","id"),
	CONSTRAINT "api_keys_project_hash_key" UNIQUE("project_id","key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_email" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"project_id" uuid,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "model_aliases" (
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"target_provider" text NOT NULL,
	"target_model" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_aliases_provider_model_pk" PRIMARY KEY("provider","model")
);
--> statement-breakpoint
CREATE TABLE "model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"input_micros_per_mtok" bigint NOT NULL,
	"output_micros_per_mtok" bigint NOT NULL,
	"cache_read_micros_per_mtok" bigint,
	"cache_write_5m_micros_per_mtok" bigint,
	"cache_write_1h_micros_per_mtok" bigint,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_prices_model_from_key" UNIQUE("provider","model","effective_from")
);
--> statement-breakpoint
CREATE TABLE "model_tiers" (
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
	CONSTRAINT "model_tiers_provider_model_pk" PRIMARY KEY("provider","model")
);
--> statement-breakpoint
CREATE TABLE "org_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "projects_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"name" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_daily_users" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"user_id" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_5m_tokens" bigint NOT NULL,
	"cache_write_1h_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	"reported_cost_micros" bigint NOT NULL,
	"cost_mismatches" bigint NOT NULL,
	"latency_ms_sum" bigint NOT NULL,
	CONSTRAINT "usage_daily_users_project_id_day_user_id_pk" PRIMARY KEY("project_id","day","user_id")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_event_ids" (
	"project_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_event_ids_project_id_event_id_pk" PRIMARY KEY("project_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "usage_events" (
	"project_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"mode" text,
	"task" text,
	"user_id" text,
	"session_id" text,
	"turn" integer,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"requested_model" text,
	"routing_rule_id" text,
	"routing_version" integer,
	"routing_tier" text,
	"tier" text NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_5m_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_1h_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"ttft_ms" integer,
	"status" text DEFAULT 'ok' NOT NULL,
	"cost_micros" bigint,
	"cache_savings_micros" bigint,
	"price_source" text,
	"reported_cost_micros" bigint,
	"cost_mismatch" boolean DEFAULT false NOT NULL,
	"outcome_success" boolean,
	"outcome_score" real,
	"outcome_feedback" text,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "usage_events_project_id_occurred_at_event_id_pk" PRIMARY KEY("project_id","occurred_at","event_id")
) PARTITION BY RANGE ("occurred_at");
--> statement-breakpoint
CREATE TABLE "usage_hourly" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"mode" text NOT NULL,
	"task" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
	"status" text NOT NULL,
	"routing_rule_id" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_5m_tokens" bigint NOT NULL,
	"cache_write_1h_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	"reported_cost_micros" bigint NOT NULL,
	"cost_mismatches" bigint NOT NULL,
	"latency_ms_sum" bigint NOT NULL,
	CONSTRAINT "usage_hourly_project_id_hour_mode_task_provider_model_tier_status_routing_rule_id_pk" PRIMARY KEY("project_id","hour","mode","task","provider","model","tier","status","routing_rule_id")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_sessions" (
	"project_id" uuid NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"max_turn" integer NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"cache_write_5m_tokens" bigint NOT NULL,
	"cache_write_1h_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"reasoning_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	"reported_cost_micros" bigint NOT NULL,
	"cost_mismatches" bigint NOT NULL,
	"latency_ms_sum" bigint NOT NULL,
	CONSTRAINT "usage_sessions_project_id_session_id_pk" PRIMARY KEY("project_id","session_id")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_tiers" ADD CONSTRAINT "model_tiers_tier_tiers_name_fk" FOREIGN KEY ("tier") REFERENCES "public"."tiers"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at");--> statement-breakpoint
-- Hand-written (drizzle-kit cannot express these): monthly partitions of usage_events, created on demand.
CREATE OR REPLACE FUNCTION switchyard_ensure_usage_partition(month_start date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', month_start)::date;
  partition_name text := format('usage_events_%s', to_char(m, 'YYYYMM'));
BEGIN
  IF to_regclass(partition_name) IS NULL THEN
    PERFORM pg_advisory_xact_lock(727003);
    BEGIN
      EXECUTE format('CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
        partition_name, (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- another session created it first
    END;
  END IF;
  RETURN partition_name;
END $$;
--> statement-breakpoint
INSERT INTO "tiers" ("name", "position", "description") VALUES
  ('frontier', 1, 'The most capable and costly models: planning, architecture, hard debugging.'),
  ('balanced', 2, 'Strong everyday models at a fraction of frontier prices.'),
  ('economy', 3, 'The cheapest models: simple questions, summaries, classification.'),
  ('unclassified', 4, 'Models with no known price and no tier chosen yet.');
