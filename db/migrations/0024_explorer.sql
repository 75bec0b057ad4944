CREATE TABLE "usage_daily_user_tags" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"tag_key" text NOT NULL,
	"tag_value" text NOT NULL,
	"user_id" text NOT NULL,
	"requests" bigint NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cache_read_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"cost_micros" bigint NOT NULL,
	"cache_savings_micros" bigint NOT NULL,
	"unpriced_requests" bigint NOT NULL,
	CONSTRAINT "usage_daily_user_tags_project_id_day_tag_key_tag_value_user_id_pk" PRIMARY KEY("project_id","day","tag_key","tag_value","user_id")
);
--> statement-breakpoint
CREATE INDEX "usage_daily_user_tags_day_brin" ON "usage_daily_user_tags" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);