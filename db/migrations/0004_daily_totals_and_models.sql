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
-- Hand-added: fill both from the hourly rollup in the organisation's zone (as db/ingest/write-events.ts rebuilds day grains).
INSERT INTO "usage_daily_totals" (project_id, day, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO "usage_daily_models" (project_id, day, mode, provider, model, tier, routing_rule_id, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, (hour at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, mode, provider, model, tier, routing_rule_id, sum(requests), sum(input_tokens), sum(cache_read_tokens), sum(cache_write_5m_tokens), sum(cache_write_1h_tokens), sum(output_tokens), sum(reasoning_tokens), sum(cost_micros), sum(cache_savings_micros), sum(unpriced_requests), sum(reported_cost_micros), sum(cost_mismatches), sum(latency_ms_sum)
FROM usage_hourly GROUP BY 1, 2, 3, 4, 5, 6, 7;
