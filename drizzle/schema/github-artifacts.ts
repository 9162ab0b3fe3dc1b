import { bigint, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * GitHub Actions artifacts fetched by AuditLens (`auditlens_fetch_artifact`). Invariants: a row is written only after
 * the archive and every entry are in the object store (a failed fetch leaves no row); `archive_ref` is the zip as
 * downloaded and `manifest_ref` the full manifest (JSON: path, size, sha256, ref, format per entry); GitHub artifacts
 * are immutable, so (repo, artifact_id) is fetched once and served from here afterwards.
 */
export const githubArtifacts = pgTable(
  "github_artifacts",
  {
    id: text("id").primaryKey(),
    /** `owner/name`, lower-cased. */
    repo: text("repo").notNull(),
    artifactId: bigint("artifact_id", { mode: "number" }).notNull(),
    runId: bigint("run_id", { mode: "number" }),
    name: text("name").notNull(),
    archiveRef: text("archive_ref").notNull(),
    archiveSize: bigint("archive_size", { mode: "number" }).notNull(),
    archiveSha256: text("archive_sha256").notNull(),
    manifestRef: text("manifest_ref").notNull(),
    entryCount: integer("entry_count").notNull(),
    uncompressedBytes: bigint("uncompressed_bytes", { mode: "number" }).notNull(),
    /** Entries per detected format, e.g. `{ "sarif": 1, "junit": 2 }`. */
    formats: jsonb("formats").$type<Record<string, number>>().notNull(),
    principal: text("principal").notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("github_artifacts_repo_artifact_unique").on(t.repo, t.artifactId)],
);
