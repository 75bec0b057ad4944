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
	"provider" text NOT NULL,
	"model" text NOT NULL,
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
	CONSTRAINT "usage_hourly_users_project_id_hour_user_id_mode_provider_model_tier_pk" PRIMARY KEY("project_id","hour","user_id","mode","provider","model","tier")
) WITH (fillfactor = 70);

--> statement-breakpoint
-- Hand-added: fill the new rollups from the raw events still kept (same sums as db/ingest/write-events.ts).
INSERT INTO "usage_hourly_users" (project_id, hour, user_id, mode, provider, model, tier, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, date_trunc('hour', occurred_at, 'UTC'), coalesce(user_id, ''), coalesce(mode, ''), provider, model, tier, count(*), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0),
  count(*) filter (where cost_micros is null), coalesce(sum(reported_cost_micros), 0), count(*) filter (where cost_mismatch),
  coalesce(sum(latency_ms), 0)
FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "usage_hourly_tags" (project_id, hour, tag_key, tag_value, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, date_trunc('hour', occurred_at, 'UTC'), t.key, t.value, count(*), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens),
  sum(output_tokens), sum(reasoning_tokens), coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0),
  count(*) filter (where cost_micros is null), coalesce(sum(reported_cost_micros), 0), count(*) filter (where cost_mismatch),
  coalesce(sum(latency_ms), 0)
FROM usage_events CROSS JOIN LATERAL jsonb_each_text(usage_events.tags) t GROUP BY 1, 2, 3, 4;
