CREATE TABLE "release_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"receipt_id" text NOT NULL,
	"repo" text NOT NULL,
	"tag_name" text NOT NULL,
	"input" jsonb NOT NULL,
	"body" text,
	"principal" text NOT NULL,
	"request_id" text,
	"release_id" bigint,
	"release_url" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "release_run_assets" (
	"run_id" text NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"size" bigint,
	"sha256" text,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"asset_id" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "release_run_assets_run_id_position_pk" PRIMARY KEY("run_id","position")
);
--> statement-breakpoint
CREATE INDEX "release_runs_job_idx" ON "release_runs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "release_runs_repo_tag_idx" ON "release_runs" USING btree ("repo","tag_name");