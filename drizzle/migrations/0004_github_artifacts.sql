CREATE TABLE "github_artifacts" (
	"id" text PRIMARY KEY NOT NULL,
	"repo" text NOT NULL,
	"artifact_id" bigint NOT NULL,
	"run_id" bigint,
	"name" text NOT NULL,
	"archive_ref" text NOT NULL,
	"archive_size" bigint NOT NULL,
	"archive_sha256" text NOT NULL,
	"manifest_ref" text NOT NULL,
	"entry_count" integer NOT NULL,
	"uncompressed_bytes" bigint NOT NULL,
	"formats" jsonb NOT NULL,
	"principal" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "github_artifacts_repo_artifact_unique" ON "github_artifacts" USING btree ("repo","artifact_id");