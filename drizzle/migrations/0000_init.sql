CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"module" text NOT NULL,
	"function_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"progress_message" text,
	"input" jsonb NOT NULL,
	"result" jsonb,
	"error" jsonb,
	"subject_kind" text,
	"subject_id" text,
	"principal" text DEFAULT 'anonymous' NOT NULL,
	"request_id" text,
	"backend" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_steps" (
	"job_id" text NOT NULL,
	"step_id" text NOT NULL,
	"output" jsonb,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_steps_job_id_step_id_pk" PRIMARY KEY("job_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"url" text NOT NULL,
	"origin" text NOT NULL,
	"profile" text NOT NULL,
	"viewport_set" text NOT NULL,
	"crawl_budget" integer NOT NULL,
	"entry_paths" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"pages_planned" integer DEFAULT 0 NOT NULL,
	"pages_done" integer DEFAULT 0 NOT NULL,
	"pages_failed" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"robots" jsonb,
	"error" jsonb,
	"principal" text DEFAULT 'anonymous' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scan_pages" (
	"id" text PRIMARY KEY NOT NULL,
	"scan_id" text NOT NULL,
	"url" text NOT NULL,
	"viewport" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"http_status" integer,
	"title" text,
	"load_ms" integer,
	"screenshot_ref" text,
	"finding_count" integer DEFAULT 0 NOT NULL,
	"diagnostics" jsonb,
	"error" jsonb,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" text PRIMARY KEY NOT NULL,
	"module" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" text NOT NULL,
	"source_tool" text NOT NULL,
	"rule_id" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"confidence" real NOT NULL,
	"suggested_fix" text,
	"help_url" text,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"page_url" text,
	"viewport" text,
	"selector" text,
	"location" jsonb,
	"evidence" jsonb,
	"evidence_refs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" text NOT NULL,
	"principal" text NOT NULL,
	"tool" text NOT NULL,
	"module" text NOT NULL,
	"inputs_hash" text NOT NULL,
	"decision" text NOT NULL,
	"status" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"error_code" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"operation" text NOT NULL,
	"inputs_hash" text NOT NULL,
	"actor" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"result_ref" text,
	"error" jsonb,
	"confirmation_id" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "receipts_confirmation_id_unique" UNIQUE("confirmation_id")
);
--> statement-breakpoint
CREATE TABLE "confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"tool" text NOT NULL,
	"args_hash" text NOT NULL,
	"args" jsonb NOT NULL,
	"principal" text NOT NULL,
	"summary" text NOT NULL,
	"approval_mode" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"kid" text NOT NULL,
	"nonce" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "secret_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"ciphertext" text NOT NULL,
	"iv" text NOT NULL,
	"auth_tag" text NOT NULL,
	"key_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"principal" text NOT NULL,
	"bucket" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_limit_buckets_principal_bucket_window_start_pk" PRIMARY KEY("principal","bucket","window_start")
);
--> statement-breakpoint
ALTER TABLE "job_steps" ADD CONSTRAINT "job_steps_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_pages" ADD CONSTRAINT "scan_pages_scan_id_scans_id_fk" FOREIGN KEY ("scan_id") REFERENCES "public"."scans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "jobs_subject_idx" ON "jobs" USING btree ("subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "scans_created_idx" ON "scans" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "scans_origin_idx" ON "scans" USING btree ("origin");--> statement-breakpoint
CREATE UNIQUE INDEX "scan_pages_unique" ON "scan_pages" USING btree ("scan_id","url","viewport");--> statement-breakpoint
CREATE INDEX "scan_pages_scan_idx" ON "scan_pages" USING btree ("scan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "findings_source_fp_unique" ON "findings" USING btree ("source_kind","source_id","fingerprint","viewport");--> statement-breakpoint
CREATE INDEX "findings_source_idx" ON "findings" USING btree ("source_kind","source_id");--> statement-breakpoint
CREATE INDEX "findings_severity_idx" ON "findings" USING btree ("severity");--> statement-breakpoint
CREATE INDEX "findings_fp_idx" ON "findings" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "audit_logs_tool_idx" ON "audit_logs" USING btree ("tool","ts");--> statement-breakpoint
CREATE INDEX "confirmations_status_idx" ON "confirmations" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "secret_credentials_name_unique" ON "secret_credentials" USING btree ("name");