CREATE TABLE "usage_combos" (
	"project_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"mode" text NOT NULL,
	"task" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
	"status" text NOT NULL,
	"routing_rule_id" text NOT NULL,
	"tags" jsonb NOT NULL,
	CONSTRAINT "usage_combos_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_user_facts" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"combo_id" uuid NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	CONSTRAINT "usage_daily_user_facts_project_id_day_user_id_combo_id_pk" PRIMARY KEY("project_id","day","user_id","combo_id")
) WITH (fillfactor = 90);
--> statement-breakpoint
CREATE INDEX "usage_daily_user_facts_day_brin" ON "usage_daily_user_facts" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);