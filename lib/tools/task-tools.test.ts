// The Release Butler tools as tasks, against the fake GitHub: a confirmed create_release and a job-mode
// verify_checksums become tasks, and their finished task carries exactly what the tool answers when it waits.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { forgetFakeGitHub, useFakeGitHub } from "@/e2e/support/fake-github-env";
import { jobs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { decideConfirmation } from "@/lib/runtime/confirmations/decide-confirmation";
import { runTool } from "@/lib/runtime/run-tool";
import { taskResultFor } from "./mcp-tasks";
import { findTool } from "./registry";
import { taskOf } from "./task-view";

const PAT = "github_pat_11TASKS00fakeTokenForTheTaskToolTests_abcdefghijklmnopqrstuvwxyz0123456789ABCD";
const REPO = "acme/tools";
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let gh: FakeGitHub;
let root: string;

async function call(name: string, args: Json) {
  const r = await runTool({ tool: findTool(name)!, args, principal: "tester", requestId: `t-${Date.now()}`, catalog: { findTool } });
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return { result: r, sc: r.structuredContent as Json };
}
async function finished(jobId: string) {
  const db = await getDb();
  for (let i = 0; i < 600; i++) {
    const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
    if (row && row.status !== "queued" && row.status !== "running") return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  gh.addRepo({ owner: "acme", name: "tools" });
  gh.addCommit({ repo: REPO, message: "init", author: "mona" });
  const files = ["a.tar.gz", "b.tar.gz"];
  const sums = files.map((n) => `${sha256(`${n} bytes`)}  ${n}\n`).join("");
  gh.addRelease({ repo: REPO, tag: "v2.0.0", assets: [...files.map((name) => ({ name, content: `${name} bytes`, digest: null })), { name: "SHA256SUMS", content: sums }] });
  root = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-task-assets-"));
  fs.writeFileSync(path.join(root, "tool-linux-amd64.tar.gz"), Buffer.alloc(50_000, 7));
  useFakeGitHub(gh, PAT);
  Object.assign(process.env, { GITHUB_WRITE_ALLOWLIST: REPO, RATE_LIMITS: "github_writes=200/60", RELEASE_ASSET_ROOT: root });
  resetEnvForTests();
});
afterAll(async () => {
  await gh?.close();
  for (const k of ["GITHUB_WRITE_ALLOWLIST", "RATE_LIMITS", "RELEASE_ASSET_ROOT"]) delete process.env[k];
  forgetFakeGitHub();
  fs.rmSync(root, { recursive: true, force: true });
});

describe("job-starting Release Butler tools as tasks", () => {
  it("create_release: no task for a dry run or the confirmation request; the confirmed call's task ends with the tool's own final answer", async () => {
    const args = { repo: REPO, tag_name: "v3.0.0", body: "Notes for 3.0", assets: [{ path: "tool-linux-amd64.tar.gz" }], wait_seconds: 0 };
    const dry = await call("releasebutler_create_release", { ...args, dry_run: true });
    expect(await taskResultFor("releasebutler_create_release", dry.result)).toBeNull();
    const ask = await call("releasebutler_create_release", args);
    expect(ask.sc.status).toBe("confirmation_required");
    expect(await taskResultFor("releasebutler_create_release", ask.result)).toBeNull();
    await decideConfirmation(await getDb(), { id: ask.sc.confirmation_id, decision: "approve", operator: "op-jane" });
    const confirmed = await call("releasebutler_create_release", { ...args, confirmation_token: ask.sc.confirmation_token });

    const task = await taskResultFor("releasebutler.create_release", confirmed.result);
    expect(task).toMatchObject({ resultType: "task", taskId: confirmed.sc.job.job_id, status: "working" });
    const row = await finished(task!.taskId);
    expect(row.status).toBe("succeeded");
    const done = await taskOf(row);
    expect(done.status).toBe("completed");
    const sc = (done as { result: Json }).result.structuredContent;
    // Exactly what the call answers when it waits for its job: the plan it was confirmed with, the outcome, the receipt.
    const { job: _j, status: _s, release_id: _r, release_url: _u, uploaded_assets: _a, ...plan } = confirmed.sc;
    expect(sc).toMatchObject({ ...plan, status: "succeeded", job: { job_id: row.id, status: "succeeded" }, error: null });
    expect(sc.planned_requests).toEqual(confirmed.sc.planned_requests);
    expect(sc.release_url).toMatch(/\/releases\/tag\/v3\.0\.0$/);
    expect(sc.uploaded_assets.map((a: Json) => a.name)).toEqual(["tool-linux-amd64.tar.gz"]);
    expect(Object.keys(sc).sort()).toEqual(Object.keys(confirmed.sc).sort());
  });

  it("verify_checksums in job mode becomes a task whose result is the inline answer; inline mode is never a task", async () => {
    const inline = await call("releasebutler_verify_checksums", { repo: REPO, tag: "v2.0.0", mode: "inline" });
    expect(await taskResultFor("releasebutler_verify_checksums", inline.result)).toBeNull();
    const job = await call("releasebutler_verify_checksums", { repo: REPO, tag: "v2.0.0", mode: "job" });
    const task = await taskResultFor("releasebutler_verify_checksums", job.result);
    expect(task).toMatchObject({ resultType: "task", taskId: job.sc.job.job_id });
    const done = await taskOf(await finished(task!.taskId));
    const r = (done as { result: Json }).result;
    expect(r.structuredContent).toEqual(inline.sc);
    expect(r.structuredContent).toMatchObject({ status: "completed", ok: true, summary: { verified: 2 } });
    // A tool that starts no job never becomes a task, whatever its result carries.
    expect(await taskResultFor("core_get_job", { structuredContent: { job_id: task!.taskId } })).toBeNull();
  });
});
