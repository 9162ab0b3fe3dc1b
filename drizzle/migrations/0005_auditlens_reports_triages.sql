CREATE TABLE "auditlens_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"repo" text,
	"source_kind" text NOT NULL,
	"source" jsonb NOT NULL,
	"files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dedupe_strategy" text NOT NULL,
	"status" text DEFAULT 'parsing' NOT NULL,
	"summary" jsonb,
	"triage_id" text,
	"principal" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auditlens_triages" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"repo" text NOT NULL,
	"target" jsonb NOT NULL,
	"run_id" bigint,
	"head_sha" text,
	"workflow_id" bigint,
	"base_branch" text,
	"base_run_id" bigint,
	"head_report_id" text,
	"base_report_id" text,
	"classes" jsonb,
	"summary" jsonb,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" jsonb,
	"principal" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "auditlens_reports_created_idx" ON "auditlens_reports" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "auditlens_reports_triage_idx" ON "auditlens_reports" USING btree ("triage_id");--> statement-breakpoint
CREATE INDEX "auditlens_triages_repo_idx" ON "auditlens_triages" USING btree ("repo","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_source_fp_noviewport_unique" ON "findings" USING btree ("source_kind","source_id","fingerprint") WHERE "findings"."viewport" is null;