import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { GitHubAccess } from "@/lib/github/github-access";
import { downloadJobLog } from "../download-job-log";
import { toAuditFindingView } from "../findings/finding-view";
import { findingsByIds, getReportRow, getTriageRow, listTriageClassFindings } from "../findings/queries";
import { FAILED_CONCLUSIONS } from "../job-view";
import { failureExcerpt, parseJobLog } from "../logs";
import type { RunView } from "../run-view";
import { toRunView } from "../run-view";
import type { DraftContext, DraftFinding } from "./render-issue-draft";

/** Findings a draft covers at most (the body lists fewer when long; every fingerprint is in the identity). */
export const MAX_DRAFT_FINDINGS = 500;

export type DraftRequest = { triageId?: string; findingIds?: string[]; repo?: string; classes: string[]; sha?: string; includeLogExcerpt: boolean };

/** The failing job's excerpt for a run (first failed job of the latest attempt), or null when it cannot be read. */
async function logExcerptOf(github: GitHubAccess, repo: string, runId: number): Promise<DraftContext["logExcerpt"]> {
  try {
    const client = await github.forRepo(repo);
    const jobs = (await client.octokit.rest.actions.listJobsForWorkflowRun({ owner: client.owner, repo: client.repo, run_id: runId, filter: "latest", per_page: 100 })).data.jobs;
    const job = jobs.find((j) => j.conclusion && FAILED_CONCLUSIONS.has(j.conclusion));
    if (!job) return null;
    const { text } = await downloadJobLog(client, github, job.id);
    const ex = failureExcerpt(parseJobLog(text), { maxLines: 40 });
    return ex.lines.length ? { job: job.name, lines: ex.lines.map((l) => l.text) } : null;
  } catch {
    return null; // the excerpt is a courtesy: the findings are the evidence
  }
}

/**
 * What a draft needs: the findings (a triage's findings of the chosen classes, or findings by id) with their triage
 * class, the repo, the run and the commit their locations link to, and the failing job's log excerpt.
 * @throws AppError `NOT_FOUND` (unknown triage or finding ids, listed), `VALIDATION_ERROR` (neither or both of
 *   triage_id / finding_ids; a triage not finished; findings of several repos; no repo known for inline reports;
 *   nothing to report in the chosen classes).
 */
export async function gatherDraft(db: Db, github: GitHubAccess, r: DraftRequest): Promise<{ ctx: Omit<DraftContext, "webBase" | "labels" | "title">; findings: DraftFinding[] }> {
  if (!!r.triageId === !!r.findingIds?.length) throw new AppError("VALIDATION_ERROR", "Give triage_id or finding_ids (one of them).", { field: "triage_id" });
  if (r.triageId) {
    const t = await getTriageRow(db, r.triageId);
    if (!t) throw new AppError("NOT_FOUND", `No triage ${r.triageId}.`);
    if (t.status !== "succeeded" || !t.headReportId) throw new AppError("VALIDATION_ERROR", `Triage ${t.id} is ${t.status}; draft an issue once it has succeeded (auditlens_get_triage).`);
    const out: DraftFinding[] = [];
    for (const c of r.classes) {
      const page = await listTriageClassFindings(db, t, c, MAX_DRAFT_FINDINGS);
      out.push(...page.rows.map((row) => ({ ...toAuditFindingView(row), triage_class: c })));
    }
    if (!out.length) throw new AppError("VALIDATION_ERROR", `Triage ${t.id} has no findings classed ${r.classes.join(" or ")}: nothing to file.`, { field: "classes" });
    const run = (t.summary as { run?: RunView } | null)?.run ?? null;
    const summary = t.summary as { headline?: string } | null;
    return {
      findings: out.slice(0, MAX_DRAFT_FINDINGS),
      ctx: {
        repo: t.repo, sha: r.sha ?? t.headSha, run, headline: summary?.headline ?? null, triageId: t.id, reportIds: [t.headReportId],
        logExcerpt: r.includeLogExcerpt && t.runId ? await logExcerptOf(github, t.repo, t.runId) : null,
      },
    };
  }
  const ids = [...new Set(r.findingIds!)];
  const rows = await findingsByIds(db, ids);
  const missing = ids.filter((id) => !rows.some((row) => row.id === id));
  if (missing.length) throw new AppError("NOT_FOUND", `No AuditLens finding ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""}.`);
  const reports = await Promise.all([...new Set(rows.map((row) => row.sourceId))].map((id) => getReportRow(db, id)));
  const repos = [...new Set(reports.map((p) => p?.repo).filter((x): x is string => !!x))];
  if (repos.length > 1) throw new AppError("VALIDATION_ERROR", `The findings come from several repositories (${repos.join(", ")}); draft one issue per repository.`, { field: "finding_ids" });
  const repo = r.repo ?? repos[0];
  if (!repo) throw new AppError("VALIDATION_ERROR", "These findings came from an inline report: give repo (owner/name) to file them against.", { field: "repo" });
  if (r.repo && repos[0] && r.repo.toLowerCase() !== repos[0]) throw new AppError("VALIDATION_ERROR", `The findings come from ${repos[0]}, not ${r.repo}.`, { field: "repo" });
  const runId = reports.map((p) => (p?.source as { run_id?: number } | undefined)?.run_id).find((x) => typeof x === "number");
  let run: DraftContext["run"] = null;
  if (runId) {
    try {
      const client = await github.forRepo(repo);
      run = toRunView((await client.octokit.rest.actions.getWorkflowRun({ owner: client.owner, repo: client.repo, run_id: runId })).data);
    } catch {
      run = null; // links fall back to plain paths
    }
  }
  return {
    findings: rows.map((row) => toAuditFindingView(row)),
    ctx: { repo, sha: r.sha ?? (run as RunView | null)?.head_sha ?? null, run, headline: null, triageId: null, reportIds: [...new Set(rows.map((row) => row.sourceId))], logExcerpt: null },
  };
}
