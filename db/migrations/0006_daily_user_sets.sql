CREATE TABLE "usage_daily_user_sets" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"user_id" text NOT NULL,
	"mode" text NOT NULL,
	"task" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
	"status" text NOT NULL,
	"routing_rule_id" text NOT NULL,
	"tags" jsonb NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	CONSTRAINT "usage_daily_user_sets_project_id_day_user_id_mode_task_provider_model_tier_status_routing_rule_id_tags_pk" PRIMARY KEY("project_id","day","user_id","mode","task","provider","model","tier","status","routing_rule_id","tags")
) WITH (fillfactor = 70);
--> statement-breakpoint
CREATE INDEX "usage_daily_user_sets_day_brin" ON "usage_daily_user_sets" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);