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
ALTER TABLE "savings_report_schedules" ADD CONSTRAINT "savings_report_schedules_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "savings_report_sends" ADD CONSTRAINT "savings_report_sends_schedule_id_savings_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."savings_report_schedules"("id") ON DELETE cascade ON UPDATE no action;