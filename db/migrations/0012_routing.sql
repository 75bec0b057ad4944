CREATE TABLE "routing_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"based_on_version" integer,
	"document" json NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_by_email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"updated_by_email" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_gateways" (
	"project_id" uuid NOT NULL,
	"gateway_id" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_pull_at" timestamp with time zone NOT NULL,
	"running_version" integer,
	"user_agent" text,
	CONSTRAINT "routing_gateways_project_id_gateway_id_pk" PRIMARY KEY("project_id","gateway_id")
);
--> statement-breakpoint
CREATE TABLE "routing_published" (
	"scope" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_versions" (
	"number" integer PRIMARY KEY NOT NULL,
	"document" json NOT NULL,
	"content_hash" text NOT NULL,
	"note" text NOT NULL,
	"published_by" uuid,
	"published_by_email" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rolled_back_from" integer,
	"from_draft" uuid
);
--> statement-breakpoint
ALTER TABLE "routing_published" ADD CONSTRAINT "routing_published_version_routing_versions_number_fk" FOREIGN KEY ("version") REFERENCES "public"."routing_versions"("number") ON DELETE no action ON UPDATE no action;