CREATE TABLE "usage_daily_tag_facts" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"combo_id" uuid NOT NULL,
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
	CONSTRAINT "usage_daily_tag_facts_project_id_day_combo_id_pk" PRIMARY KEY("project_id","day","combo_id")
) WITH (fillfactor = 90);
--> statement-breakpoint
CREATE INDEX "usage_daily_tag_facts_day_brin" ON "usage_daily_tag_facts" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);