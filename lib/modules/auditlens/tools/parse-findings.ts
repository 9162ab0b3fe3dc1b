import { Readable } from "node:stream";
import picomatch from "picomatch";
import { z } from "zod";
import { sql } from "drizzle-orm";
import { auditlensReports, findings } from "@/drizzle/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isObjectRef } from "@/lib/object-store";
import { objectRefSchema } from "@/lib/object-store/object-ref";
import { defineTool, type ToolContext } from "@/lib/runtime/define-tool";
import { nextCursor } from "../cursor";
import { fetchArtifact } from "../fetch-artifact";
import { AuditFindingView, toAuditFindingView } from "../findings/finding-view";
import { ingestReport, type IngestFile } from "../findings/ingest-report";
import { listReportFindings } from "../findings/queries";
import { PARSER_PROFILES } from "../parsers";
import { GitHubId, RepoInput } from "../shared-schemas";

/** Largest inline report, bytes (text pasted in chat). */
export const MAX_INLINE_BYTES = 10 * 1024 * 1024;
/** Findings in the first page of a parse (also the page size its `next_cursor` continues with). */
export const FIRST_PAGE = 50;

const Source = z
  .object({
    repo: RepoInput.optional().describe("Needed for an artifact source"),
    artifact_id: GitHubId.optional(),
    run_id: GitHubId.optional(),
    name: z.string().min(1).max(256).optional().describe("Artifact name within run_id"),
    entry: z.string().min(1).max(500).optional().describe("Only the artifact files matching this path or glob (e.g. reports/**/*.sarif)"),
    object_ref: objectRefSchema.optional().describe("A file already in the object store (an entry ref from auditlens_fetch_artifact): sha256/<hex> or s3://<bucket>/<prefix>/sha256/<hex>"),
    content: z.string().max(MAX_INLINE_BYTES).optional().describe("The report itself, pasted inline (≤ 10 MB)"),
    filename: z.string().min(1).max(255).optional().describe("Name of the inline report (shown in results; never used to guess the format)"),
  })
  .strict();

export const ParseSummary = z.object({
  findings_total: z.number().int(),
  by_severity: z.record(z.string(), z.number().int()),
  by_tool: z.record(z.string(), z.number().int()),
  by_category: z.record(z.string(), z.number().int()),
  tests: z.object({ total: z.number().int(), passed: z.number().int(), failed: z.number().int(), errored: z.number().int(), skipped: z.number().int() }).optional(),
});

/** Whether a stored report (or a finding's evidence) refers to an object. */
async function objectInUse(db: ToolContext["db"], ref: string): Promise<boolean> {
  const [hit] = await db
    .select({ id: auditlensReports.id })
    .from(auditlensReports)
    .where(sql`${auditlensReports.source}->>'object_ref' = ${ref} or exists (select 1 from ${findings} where ${findings.evidenceRefs} @> ${JSON.stringify([ref])}::jsonb)`)
    .limit(1);
  return !!hit;
}

/** The files to parse for a source; an artifact is fetched (or served from its record) first. */
async function sourceFiles(input: z.infer<typeof Source>, ctx: ToolContext, profile: string): Promise<{ files: IngestFile[]; kind: string; repo: string | null; source: Record<string, unknown>; created?: string }> {
  const chosen = [input.artifact_id !== undefined || input.run_id !== undefined, input.object_ref !== undefined, input.content !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new AppError("VALIDATION_ERROR", "Give exactly one source: artifact_id (or run_id + name) with repo, object_ref, or content.", { field: "source" });
  const prof = profile as IngestFile["profile"];
  if (input.content !== undefined) {
    const bytes = Buffer.from(input.content, "utf8");
    const { ref, created } = await ctx.objectStore.putStream(Readable.from([bytes]));
    const name = input.filename ?? "inline report";
    return { kind: "inline", repo: null, created: created ? ref : undefined, source: { filename: name, object_ref: ref, bytes: bytes.length }, files: [{ path: name, ref, profile: prof, open: async () => Readable.from([bytes]) }] };
  }
  if (input.object_ref !== undefined) {
    const ref = input.object_ref;
    if (!isObjectRef(ref) || !(await ctx.objectStore.has(ref))) throw new AppError("NOT_FOUND", `No object ${ref} in the object store.`);
    return { kind: "object", repo: null, source: { object_ref: ref }, files: [{ path: input.filename ?? ref, ref, profile: prof, open: async () => ctx.objectStore.openRead(ref) as Readable }] };
  }
  if (!input.repo) throw new AppError("VALIDATION_ERROR", "An artifact source needs repo (owner/name).", { field: "repo" });
  if (input.artifact_id === undefined && !(input.run_id !== undefined && input.name !== undefined)) throw new AppError("VALIDATION_ERROR", "Give artifact_id, or run_id and name.", { field: "artifact_id" });
  const fetched = await fetchArtifact({ db: ctx.db, store: ctx.objectStore, github: ctx.github, repo: input.repo, artifactId: input.artifact_id, runId: input.run_id, name: input.name, principal: ctx.principal });
  const match = input.entry ? picomatch(input.entry, { dot: true }) : () => true;
  const entries = fetched.manifest.entries.filter((e) => match(e.path) && (profile !== "auto" || !["binary", "json", "xml", "cyclonedx", "spdx", "checkstyle"].includes(e.format)) && (profile !== "auto" || e.format !== "text" || /\.(log|txt)$/i.test(e.path)));
  if (entries.length === 0) throw new AppError("VALIDATION_ERROR", `Artifact ${fetched.artifact.name} has no ${input.entry ? `file matching ${input.entry} that is a ` : ""}report OmniAudit can parse (files: ${fetched.manifest.entries.map((e) => `${e.path} [${e.format}]`).slice(0, 10).join(", ")}).`);
  return {
    kind: "artifact", repo: input.repo.toLowerCase(),
    source: { repo: input.repo, artifact_id: fetched.artifact.artifact_id, run_id: fetched.artifact.run_id, name: fetched.artifact.name, archive_ref: fetched.record.archiveRef },
    files: entries.map((e) => ({ path: e.path, ref: e.ref, profile: profile === "auto" ? (e.format === "text" ? "log" : (e.format as IngestFile["profile"])) : prof, open: async () => ctx.objectStore.openRead(e.ref) as Readable })),
  };
}

export const parseFindings = defineTool({
  name: "auditlens_parse_findings",
  title: "Parse a CI report into findings",
  description:
    "Turn CI evidence into normalised, deduplicated findings. Source: a GitHub Actions artifact (artifact_id, or run_id + name, with repo; `entry` picks files), an object_ref from auditlens_fetch_artifact, or `content` pasted inline (≤ 10 MB). parser_profile auto detects SARIF, JUnit, ESLint, npm/yarn audit, Trivy, Grype, Semgrep, Gitleaks, Bandit, retire.js and raw CI logs. dedupe_strategy: fingerprint (default) | rule_location | title | none. Returns the report id, a summary by severity, tool and category, and the first 50 findings, most severe first (the rest: auditlens_list_findings).",
  risk: "read",
  openWorld: true,
  idempotent: false,
  input: Source.extend({
    parser_profile: z.enum(["auto", ...PARSER_PROFILES]).default("auto"),
    dedupe_strategy: z.enum(["fingerprint", "rule_location", "title", "none"]).default("fingerprint"),
  }).strict(),
  output: z.object({
    report_id: z.string(),
    files: z.array(z.object({ path: z.string(), format: z.string(), findings: z.number().int(), items: z.number().int() })),
    skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
    summary: ParseSummary,
    findings: z.array(AuditFindingView),
    truncated: z.boolean(),
    next_cursor: z.string().nullable(),
  }),
  handler: async (input, ctx) => {
    const { parser_profile, dedupe_strategy, ...source } = input;
    const { files, kind, repo, source: described, created } = await sourceFiles(source, ctx, parser_profile);
    const reportId = newId("rpt");
    await ctx.db.insert(auditlensReports).values({ id: reportId, repo, sourceKind: kind, source: described, dedupeStrategy: dedupe_strategy, principal: ctx.principal });
    let r;
    try {
      r = await ingestReport(ctx.db, { reportId, files, dedupe: dedupe_strategy, skipUnsupported: kind === "artifact" && parser_profile === "auto" });
    } catch (e) {
      // Nothing stored for a report that failed: the pasted text goes too, unless another report already holds it.
      if (created && !(await objectInUse(ctx.db, created))) await ctx.objectStore.delete(created);
      throw e;
    }
    const page = await listReportFindings(ctx.db, { reportId, limit: FIRST_PAGE, offset: 0 });
    return {
      report_id: reportId,
      files: r.files.map(({ path, format, findings, items }) => ({ path, format, findings, items })),
      skipped: r.skipped,
      summary: r.summary as z.infer<typeof ParseSummary>,
      findings: page.rows.map(toAuditFindingView),
      truncated: page.total > FIRST_PAGE,
      next_cursor: nextCursor({ page: 1, per: FIRST_PAGE, hasNext: page.total > FIRST_PAGE, filters: { report_id: reportId } }),
    };
  },
});
