CREATE TABLE "usage_daily" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
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
	CONSTRAINT "usage_daily_project_id_day_mode_task_provider_model_tier_status_routing_rule_id_pk" PRIMARY KEY("project_id","day","mode","task","provider","model","tier","status","routing_rule_id")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_daily_models" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"mode" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
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
	CONSTRAINT "usage_daily_models_project_id_day_mode_provider_model_tier_routing_rule_id_pk" PRIMARY KEY("project_id","day","mode","provider","model","tier","routing_rule_id")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_daily_totals" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
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
	CONSTRAINT "usage_daily_totals_project_id_day_pk" PRIMARY KEY("project_id","day")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_daily_user_modes" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"tier" text NOT NULL,
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
	CONSTRAINT "usage_daily_user_modes_project_id_day_user_id_mode_tier_pk" PRIMARY KEY("project_id","day","user_id","mode","tier")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_hourly_tags" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"tag_key" text NOT NULL,
	"tag_value" text NOT NULL,
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
	CONSTRAINT "usage_hourly_tags_project_id_hour_tag_key_tag_value_pk" PRIMARY KEY("project_id","hour","tag_key","tag_value")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE TABLE "usage_hourly_users" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"tier" text NOT NULL,
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
	CONSTRAINT "usage_hourly_users_project_id_hour_user_id_mode_tier_pk" PRIMARY KEY("project_id","hour","user_id","mode","tier")
) WITH (fillfactor = 70);

--> statement-breakpoint
-- Hand-added: fill the new rollups with the sums db/ingest/write-events.ts maintains. Per user and per tag
-- from the raw events still kept; the day grains (in the organisation's zone) from their hour grains.
INSERT INTO "usage_hourly_users" (project_id, hour, user_id, mode, tier, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, date_trunc('hour', occurred_at, 'UTC'), coalesce(user_id, ''), coalesce(mode, ''), tier, count(*), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0),
  count(*) filter (where cost_micros is null), coalesce(sum(reported_cost_micros), 0), count(*) filter (where cost_mismatch),
  coalesce(sum(latency_ms), 0)
FROM usage_events GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO "usage_hourly_tags" (project_id, hour, tag_key, tag_value, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, date_trunc('hour', occurred_at, 'UTC'), t.key, t.value, count(*), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0),
  count(*) filter (where cost_micros is null), coalesce(sum(reported_cost_micros), 0), count(*) filter (where cost_mismatch),
  coalesce(sum(latency_ms), 0)
FROM usage_events CROSS JOIN LATERAL jsonb_each_text(usage_events.tags) t GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "usage_daily_totals" (project_id, day, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "usage_daily_models" (project_id, day, mode, provider, model, tier, routing_rule_id, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, mode, provider, model, tier, routing_rule_id, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "usage_daily" (project_id, day, mode, task, provider, model, tier, status, routing_rule_id, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, mode, task, provider, model, tier, status, routing_rule_id, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "usage_daily_user_modes" (project_id, day, user_id, mode, tier, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, user_id, mode, tier, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly_users GROUP BY 1, 2, 3, 4, 5;
