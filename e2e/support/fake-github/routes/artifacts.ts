import { strToU8, zipSync } from "fflate";
import { requireRepo } from "../access";
import { type Ctx, HttpError, idParam, listReply, notFound, type Route, route } from "../http";
import { attemptOf, renderArtifact } from "../render-actions";
import type { FakeArtifact, FakeRepo } from "../state";
import { jobOf, runOf } from "./actions";

const full = (r: FakeRepo) => `${r.owner}/${r.name}`;
const redirect = (location: string) => ({ status: 302, headers: { location } });

/** `GET …/jobs/{job_id}/logs` → 302 to a short-lived plain-text blob URL (404 while the job has not started). */
function jobLogs(ctx: Ctx) {
  const job = jobOf(ctx, requireRepo(ctx, "actions"));
  const log = ctx.fake.state.logs.get(job.id);
  if (log === undefined || job.status === "queued") throw notFound();
  const data = Buffer.from(log, "utf8");
  return redirect(ctx.fake.blobs.issue("logs", { kind: "buffer", data }, { contentType: "text/plain; charset=utf-8", ttlMs: ctx.fake.state.downloadUrlTtlMs }));
}

/** `GET …/runs/{run_id}[/attempts/{n}]/logs` → 302 to a zip holding one `<n>_<job name>.txt` per job (GitHub's layout). */
function runLogs(ctx: Ctx) {
  const run = runOf(ctx, requireRepo(ctx, "actions"));
  const attempt = ctx.params.attempt_number === undefined ? attemptOf(run) : attemptOf(run, idParam(ctx, "attempt_number"));
  if (!attempt || attempt.status !== "completed") throw notFound();
  const files: Record<string, Uint8Array> = {};
  const jobs = [...ctx.fake.state.jobs.values()].filter((j) => j.runId === run.id && j.runAttempt === attempt.attempt).sort((a, b) => a.id - b.id);
  jobs.forEach((j, i) => (files[`${i}_${j.name}.txt`] = strToU8(ctx.fake.state.logs.get(j.id) ?? "")));
  const data = zipSync(files);
  const filename = `logs_${run.id}.zip`;
  return redirect(ctx.fake.blobs.issue("logs", { kind: "buffer", data }, { contentType: "application/zip", filename, ttlMs: ctx.fake.state.downloadUrlTtlMs }));
}

function listArtifacts(ctx: Ctx, filter: (a: FakeArtifact) => boolean) {
  const name = ctx.query.get("name");
  const list = [...ctx.fake.state.artifacts.values()].filter((a) => filter(a) && (!name || a.name === name)).sort((a, b) => b.id - a.id);
  return listReply(ctx, "artifacts", list, (a) => renderArtifact(ctx.fake, a));
}

function artifactOf(ctx: Ctx): FakeArtifact {
  const repo = requireRepo(ctx, "actions");
  const a = ctx.fake.state.artifacts.get(idParam(ctx, "artifact_id"));
  if (!a || a.repo !== full(repo)) throw notFound();
  return a;
}

/** `GET …/artifacts/{id}/zip` → 302 to the zip blob (expires after `downloadUrlTtlMs`), or 410 when expired. */
function downloadArtifact(ctx: Ctx) {
  const a = artifactOf(ctx);
  if (a.expired) {
    throw new HttpError(410, { message: "Artifact has expired", documentation_url: "https://docs.github.com/rest/actions/artifacts#download-an-artifact", status: "410" });
  }
  return redirect(ctx.fake.blobs.issue("artifacts", a.source, { contentType: "application/zip", filename: `${a.name}.zip`, ttlMs: ctx.fake.state.downloadUrlTtlMs }));
}

const R = "/repos/:owner/:repo/actions";

/** Log and artifact downloads (302 to the blob server) and artifact listings. */
export const artifactRoutes: Route[] = [
  route("GET", `${R}/jobs/:job_id/logs`, "token", jobLogs),
  route("GET", `${R}/runs/:run_id/logs`, "token", runLogs),
  route("GET", `${R}/runs/:run_id/attempts/:attempt_number/logs`, "token", runLogs),
  route("GET", `${R}/runs/:run_id/artifacts`, "token", (ctx) => {
    const run = runOf(ctx, requireRepo(ctx, "actions"));
    return listArtifacts(ctx, (a) => a.runId === run.id);
  }),
  route("GET", `${R}/artifacts`, "token", (ctx) => {
    const repo = requireRepo(ctx, "actions");
    return listArtifacts(ctx, (a) => a.repo === full(repo));
  }),
  route("GET", `${R}/artifacts/:artifact_id`, "token", (ctx) => ({ status: 200, body: renderArtifact(ctx.fake, artifactOf(ctx)) })),
  route("GET", `${R}/artifacts/:artifact_id/zip`, "token", downloadArtifact),
];
