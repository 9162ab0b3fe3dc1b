CREATE TABLE "sitelint_auth_profiles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"origin" text NOT NULL,
	"kind" text NOT NULL,
	"secret_id" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "baseline_scan_id" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "auth_profile_id" text;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "options" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "scans" ADD COLUMN "crawl" jsonb;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "discovered_via" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "template_key" text;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "redirects" jsonb;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD COLUMN "metrics" jsonb;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "refs" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "sitelint_auth_profiles_name_unique" ON "sitelint_auth_profiles" USING btree ("name");