CREATE TABLE "savings_report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"baseline" text NOT NULL,
	"projects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "savings_report_sends" (
	"schedule_id" uuid NOT NULL,
	"month" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"detail" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "savings_report_sends_schedule_id_month_pk" PRIMARY KEY("schedule_id","month")
);
--> statement-breakpoint
CREATE TABLE "usage_daily_savings" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"mode" text NOT NULL,
	"task" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"tier" text NOT NULL,
	"routing_rule_id" text NOT NULL,
	"requested_model" text NOT NULL,
	"routing_tier" text NOT NULL,
	"input_band" text NOT NULL,
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
	"outcome_success_n" bigint NOT NULL,
	"outcome_successes" bigint NOT NULL,
	"outcome_score_n" bigint NOT NULL,
	"outcome_score_sum" bigint NOT NULL,
	CONSTRAINT "usage_daily_savings_project_id_day_mode_task_provider_model_tier_routing_rule_id_requested_model_routing_tier_input_band_pk" PRIMARY KEY("project_id","day","mode","task","provider","model","tier","routing_rule_id","requested_model","routing_tier","input_band")
);
--> statement-breakpoint
ALTER TABLE "savings_report_schedules" ADD CONSTRAINT "savings_report_schedules_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "savings_report_sends" ADD CONSTRAINT "savings_report_sends_schedule_id_savings_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."savings_report_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_daily_savings_day_brin" ON "usage_daily_savings" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);