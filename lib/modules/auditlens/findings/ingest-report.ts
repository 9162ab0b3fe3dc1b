import "server-only";
import type { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { auditlensReports, findingSeverityRank, findings } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { autoProfile, parserFor, type ParserProfile } from "../parsers";
import type { ParsedFinding, ParseStats } from "../parsers/types";
import { createRepeatCounter, findingFingerprint, type DedupeStrategy } from "./fingerprint";
import { peekStream } from "./peek-stream";
import { summarizeReport } from "./summarize-report";

/** One file of a report: its display path, object ref (evidence), a way to open it, and the profile to parse it with. */
export type IngestFile = { path: string; ref: string | null; open: () => Promise<Readable>; profile: ParserProfile | "auto" };
export type IngestedFile = { path: string; format: string; ref: string | null; findings: number; items: number; tests?: ParseStats["tests"] };

const BATCH = 500;
/** A whole file that is an empty JSON report (BOM and whitespace allowed). */
const EMPTY_JSON = /^\uFEFF?\s*(\[\s*\]|null)\s*$/;

type Row = typeof findings.$inferInsert;

/** The stored row of a parsed finding (module auditlens, source `report/<id>`, no viewport). */
function toRow(f: ParsedFinding, o: { reportId: string; fingerprint: string; file: IngestFile }): Row {
  const loc = f.location;
  return {
    id: newId("fnd"), module: "auditlens", sourceKind: "report", sourceId: o.reportId, sourceTool: f.tool, ruleId: f.ruleId.slice(0, 300), category: f.category,
    severity: f.severity, title: f.title.slice(0, 300), description: f.description ?? null, confidence: f.confidence, suggestedFix: f.suggestedFix ?? null,
    helpUrl: f.helpUrl ?? null, tags: [f.kind, ...(f.cwe ?? [])], pageUrl: null, viewport: null, selector: null,
    location: loc ? { path: loc.path ?? null, start_line: loc.startLine ?? null, end_line: loc.endLine ?? null, start_column: loc.startColumn ?? null, end_column: loc.endColumn ?? null } : null,
    evidence: {
      kind: f.kind, occurrences: 1, sources: [f.tool], files: [o.file.path],
      locations: loc?.path ? [{ path: loc.path, line: loc.startLine ?? null }] : [],
      ...(loc?.snippet ? { snippet: loc.snippet } : {}),
      ...(f.cwe?.length ? { cwe: f.cwe } : {}),
      ...(f.vulnerabilityIds?.length ? { vulnerability_ids: f.vulnerabilityIds } : {}),
      ...(f.package ? { package: f.package } : {}),
      ...(f.test ? { test: f.test } : {}),
      ...(f.evidence ? { tool_evidence: f.evidence } : {}),
    },
    evidenceRefs: o.file.ref ? [o.file.ref] : [],
    fingerprint: o.fingerprint,
  };
}

/** Merge two rows of one fingerprint in memory (same batch): the worse severity, occurrences added, sources united. */
function mergeRows(a: Row, b: Row): Row {
  const rank = (s: string) => ["critical", "high", "medium", "low", "info"].indexOf(s);
  const ea = a.evidence as Record<string, unknown>;
  const eb = b.evidence as Record<string, unknown>;
  const union = (k: string, max = 20) => [...new Set([...((ea[k] as unknown[]) ?? []), ...((eb[k] as unknown[]) ?? [])].map((x) => JSON.stringify(x)))].slice(0, max).map((x) => JSON.parse(x));
  return {
    ...a,
    severity: rank(b.severity) < rank(a.severity) ? b.severity : a.severity,
    evidence: { ...ea, occurrences: Number(ea.occurrences ?? 1) + Number(eb.occurrences ?? 1), sources: union("sources"), files: union("files"), locations: union("locations"), ...(eb.vulnerability_ids ? { vulnerability_ids: union("vulnerability_ids") } : {}) },
    evidenceRefs: [...new Set([...(a.evidenceRefs ?? []), ...(b.evidenceRefs ?? [])])].slice(0, 20),
  };
}

/** Upsert a batch: a fingerprint already stored for this report is merged (occurrences, sources, files, locations). */
async function flush(db: Db, batch: Map<string, Row>): Promise<void> {
  if (batch.size === 0) return;
  const union = (k: string) => sql`(select coalesce(jsonb_agg(distinct v), '[]'::jsonb) from jsonb_array_elements(coalesce(${findings.evidence}->${k}, '[]'::jsonb) || coalesce(excluded.evidence->${k}, '[]'::jsonb)) as v)`;
  await db
    .insert(findings)
    .values([...batch.values()])
    .onConflictDoUpdate({
      target: [findings.sourceKind, findings.sourceId, findings.fingerprint],
      targetWhere: sql`${findings.viewport} is null`,
      set: {
        severity: sql`case when (case excluded.severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end) < ${findingSeverityRank} then excluded.severity else ${findings.severity} end`,
        evidence: sql`${findings.evidence} || jsonb_build_object(
          'occurrences', coalesce((${findings.evidence}->>'occurrences')::int, 1) + coalesce((excluded.evidence->>'occurrences')::int, 1),
          'sources', ${union("sources")}, 'files', ${union("files")}, 'locations', ${union("locations")})`,
      },
    });
  batch.clear();
}

/**
 * Parse the files of one report and store its findings, deduplicated by `dedupe` across all its files (so a Trivy and a
 * Grype file in one artifact give one finding per CVE + package + version, listing both sources). Each file is parsed
 * by its profile, or `auto` (detected from its first 64 KiB; a file that is just `[]` or `null` — an empty ESLint,
 * Gitleaks or retire.js report — is format `empty` with no findings); findings are upserted in batches of 500 as the parsers
 * stream them. All or nothing: when any file fails, the report row and every finding stored for it are deleted
 * before the error propagates.
 * @returns per-file counts and the report summary.
 * @throws AppError `VALIDATION_ERROR` from detection or a parser (naming the format and where the input broke).
 */
export async function ingestReport(
  db: Db,
  o: { reportId: string; files: IngestFile[]; dedupe: DedupeStrategy; skipUnsupported?: boolean },
): Promise<{ files: IngestedFile[]; skipped: { path: string; reason: string }[]; summary: Record<string, unknown> }> {
  const done: IngestedFile[] = [];
  const repeatOf = createRepeatCounter();
  const skipped: { path: string; reason: string }[] = [];
  try {
    for (const file of o.files) {
      const raw = await file.open();
      let profile = file.profile;
      let stream = raw;
      if (profile === "auto") {
        const peeked = await peekStream(raw, 64 * 1024);
        stream = peeked.stream;
        if (peeked.ended && EMPTY_JSON.test(peeked.head.toString("utf8"))) {
          // `[]` / `null`: what ESLint, Gitleaks and retire.js write when they found nothing — no tool named, no findings.
          done.push({ path: file.path, format: "empty", ref: file.ref, findings: 0, items: 0 });
          stream.destroy();
          continue;
        }
        try {
          profile = autoProfile(peeked.head, file.path);
        } catch (e) {
          if (!o.skipUnsupported) throw e;
          skipped.push({ path: file.path, reason: (e as Error).message });
          stream.destroy();
          continue;
        }
      }
      const stats: ParseStats = { itemsRead: 0 };
      const batch = new Map<string, Row>();
      let count = 0;
      for await (const f of parserFor(profile)({ stream, name: file.path }, stats)) {
        const fp = findingFingerprint(f, o.dedupe, { index: count++, repeat: o.dedupe === "fingerprint" ? repeatOf(f) : 0 });
        const row = toRow(f, { reportId: o.reportId, fingerprint: fp, file });
        const prev = batch.get(fp);
        batch.set(fp, prev ? mergeRows(prev, row) : row);
        if (batch.size >= BATCH) await flush(db, batch);
      }
      await flush(db, batch);
      done.push({ path: file.path, format: profile, ref: file.ref, findings: count, items: stats.itemsRead, ...(stats.tests ? { tests: stats.tests } : {}) });
    }
    const summary = await summarizeReport(db, o.reportId, done);
    await db.update(auditlensReports).set({ status: "ready", files: done, summary }).where(eq(auditlensReports.id, o.reportId));
    return { files: done, skipped, summary };
  } catch (e) {
    await db.delete(findings).where(and(eq(findings.sourceKind, "report"), eq(findings.sourceId, o.reportId)));
    await db.delete(auditlensReports).where(eq(auditlensReports.id, o.reportId));
    throw e;
  }
}
