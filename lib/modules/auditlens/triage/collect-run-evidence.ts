import "server-only";
import type { Readable } from "node:stream";
import { auditlensReports } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import type { GitHubAccess } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { newId } from "@/lib/ids";
import type { ObjectStore } from "@/lib/object-store";
import { downloadJobLog } from "../download-job-log";
import { fetchArtifact } from "../fetch-artifact";
import { ingestReport, type IngestFile } from "../findings/ingest-report";
import { FAILED_CONCLUSIONS } from "../job-view";

/** Artifacts of one run that a triage reads at most, and failed-job logs it falls back to. */
const MAX_ARTIFACTS = 10;
const MAX_LOGS = 3;
const REPORT_FORMATS = new Set(["sarif", "junit", "eslint", "npm_audit", "yarn_audit", "trivy", "grype", "semgrep", "gitleaks", "bandit", "retirejs"]);

export type RunEvidence = { reportId: string; files: { path: string; format: string; findings: number }[]; artifacts: string[]; usedLogs: boolean; tests: { total: number; failed: number } | null };

/** One attempt of a run: its number and the time window its artifacts were uploaded in (ISO-8601; `to` exclusive). */
export type AttemptWindow = { attempt: number; from: string | null; to: string | null };

/**
 * Gather one run's evidence into a report: every report file of its artifacts (fetched and unpacked safely, at most
 * ten artifacts), parsed and deduplicated together; a run without report artifacts falls back to its failed jobs' logs
 * (error signatures). The report is linked to the triage.
 * With `attempt`, only that attempt's evidence: GitHub lists a run's artifacts across all its attempts and the artifact
 * object does not say which attempt uploaded it, so an artifact belongs to the attempt whose time window
 * (`run_started_at` of the attempt to that of the next one) holds its `created_at`; the log fallback reads that
 * attempt's jobs (`GET …/runs/{run_id}/attempts/{n}/jobs`).
 * @throws whatever fetching or parsing throws (the report is then removed: see `ingestReport`).
 */
export async function collectRunEvidence(o: { db: Db; store: ObjectStore; github: GitHubAccess; repo: string; runId: number; triageId: string; principal: string; role: "head" | "base" | "sibling" | "attempt"; attempt?: AttemptWindow }): Promise<RunEvidence> {
  const client = await o.github.forRepo(o.repo);
  const { octokit, owner, repo } = client;
  let artifacts;
  try {
    const w = o.attempt;
    const t = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);
    const inWindow = (at: string | null) => !w || Number.isNaN(t(at)) || ((!w.from || t(at) >= t(w.from)) && (!w.to || t(at) < t(w.to)));
    artifacts = (await octokit.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: o.runId, per_page: 100 })).data.artifacts.filter((a) => !a.expired && inWindow(a.created_at)).slice(0, MAX_ARTIFACTS);
  } catch (e) {
    throw mapGitHubError(e, { target: `the artifacts of run ${o.runId} in ${o.repo}` });
  }
  const files: IngestFile[] = [];
  for (const a of artifacts) {
    const fetched = await fetchArtifact({ db: o.db, store: o.store, github: o.github, repo: o.repo, artifactId: a.id, principal: o.principal });
    for (const e of fetched.manifest.entries) {
      if (REPORT_FORMATS.has(e.format)) files.push({ path: `${a.name}/${e.path}`, ref: e.ref, profile: e.format as IngestFile["profile"], open: async () => o.store.openRead(e.ref) as Readable });
    }
  }
  let usedLogs = false;
  if (files.length === 0) {
    let jobs;
    try {
      jobs = o.attempt
        ? (await octokit.rest.actions.listJobsForWorkflowRunAttempt({ owner, repo, run_id: o.runId, attempt_number: o.attempt.attempt, per_page: 100 })).data.jobs
        : (await octokit.rest.actions.listJobsForWorkflowRun({ owner, repo, run_id: o.runId, filter: "latest", per_page: 100 })).data.jobs;
    } catch (e) {
      throw mapGitHubError(e, { target: `the jobs of run ${o.runId} in ${o.repo}` });
    }
    for (const job of jobs.filter((j) => j.conclusion && FAILED_CONCLUSIONS.has(j.conclusion)).slice(0, MAX_LOGS)) {
      const { text } = await downloadJobLog(client, o.github, job.id);
      const { ref } = await o.store.put(Buffer.from(text, "utf8"));
      files.push({ path: `logs/${job.name}.log`, ref, profile: "log", open: async () => o.store.openRead(ref) as Readable });
      usedLogs = true;
    }
  }
  const reportId = newId("rpt");
  await o.db.insert(auditlensReports).values({
    id: reportId, repo: o.repo.toLowerCase(), sourceKind: "run", source: { repo: o.repo, run_id: o.runId, role: o.role, ...(o.attempt ? { run_attempt: o.attempt.attempt } : {}), artifacts: artifacts.map((a) => a.name) }, dedupeStrategy: "fingerprint", triageId: o.triageId, principal: o.principal,
  });
  const r = await ingestReport(o.db, { reportId, files, dedupe: "fingerprint" });
  const tests = r.files.reduce<{ total: number; failed: number } | null>((acc, f) => (f.tests ? { total: (acc?.total ?? 0) + f.tests.total, failed: (acc?.failed ?? 0) + f.tests.failed + f.tests.errored } : acc), null);
  return { reportId, files: r.files.map((f) => ({ path: f.path, format: f.format, findings: f.findings })), artifacts: artifacts.map((a) => a.name), usedLogs, tests };
}
