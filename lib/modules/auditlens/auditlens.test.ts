import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { auditLogs, githubArtifacts } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";

const PAT = "github_pat_11AAAAAAA0fakeTokenForTests_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM";

// Tool results are checked field by field below; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let gh: FakeGitHub;
let seed: NonNullable<FakeGitHub["state"]["seed"]>;

async function call(name: string, args: Record<string, unknown>): Promise<ToolCallResult & { sc: Json }> {
  const r = await runTool({ tool: findTool(name)!, args, principal: "tester", requestId: `t-${Date.now()}`, catalog: { findTool } });
  return { ...r, sc: (r.structuredContent ?? {}) as Json };
}
const ok = async (name: string, args: Record<string, unknown>) => {
  const r = await call(name, args);
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.sc;
};
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
  resetGitHubClients();
}
/** Files of the local object store (to prove a refused fetch left nothing behind). */
function storedObjects(): string[] {
  const root = path.join(getEnv().objectStoreDir, "sha256");
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)).sort();
}

beforeAll(async () => {
  gh = await startFakeGitHub();
  seed = gh.state.seed!;
  gh.addToken(PAT, { login: "mona", kind: "pat" });
});
afterAll(async () => {
  await gh?.close();
  setEnv({ GITHUB_API_URL: undefined, GITHUB_TOKEN: undefined, GITHUB_URL_ALLOWLIST: undefined, GITHUB_APP_ID: undefined, GITHUB_APP_PRIVATE_KEY: undefined, AUDITLENS_ARTIFACT_MAX_BYTES: undefined, GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS: undefined });
});
beforeEach(() => {
  setEnv({ GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_APP_ID: undefined, GITHUB_APP_PRIVATE_KEY: undefined, AUDITLENS_ARTIFACT_MAX_BYTES: String(64 * 1024 * 1024), GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS: "5" });
  gh.setRateLimit({ remaining: 5000 });
});

describe("auditlens_list_runs against the fake GitHub", () => {
  it("applies every filter the way GitHub does", async () => {
    const all = [...gh.state.runs.values()].filter((r) => r.repo === "acme/web");
    const last = (r: (typeof all)[number]) => r.attempts.at(-1)!;
    const cases: [Record<string, unknown>, (r: (typeof all)[number]) => boolean][] = [
      [{ branch: "main" }, (r) => r.headBranch === "main"],
      [{ event: "schedule" }, (r) => r.event === "schedule"],
      [{ status: "in_progress" }, (r) => last(r).status === "in_progress"],
      [{ status: "success" }, (r) => last(r).conclusion === "success"],
      [{ failed_only: true }, (r) => last(r).conclusion === "failure"],
      [{ head_sha: seed.prHeadSha }, (r) => r.headSha === seed.prHeadSha],
      [{ pr_number: seed.prNumber }, (r) => r.headSha === seed.prHeadSha],
      [{ workflow: "nightly.yml" }, (r) => gh.state.workflows.get(r.workflowId)?.file === "nightly.yml"],
    ];
    for (const [filter, pred] of cases) {
      const r = await ok("auditlens_list_runs", { repo: "acme/web", limit: 100, ...filter });
      const expected = all.filter(pred).map((x) => x.id).sort();
      expect(r.runs.map((x: { run_id: number }) => x.run_id).sort(), JSON.stringify(filter)).toEqual(expected);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
    const created = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const recent = await ok("auditlens_list_runs", { repo: "acme/web", limit: 100, created: `>=${created}` });
    expect(recent.runs.length).toBe(all.filter((r) => r.createdAt.slice(0, 10) >= created).length);
    const pr = await ok("auditlens_list_runs", { repo: "acme/web", pr_number: seed.prNumber, failed_only: true, limit: 100 });
    expect(pr.runs.every((x: { head_sha: string; conclusion: string }) => x.head_sha === seed.prHeadSha && x.conclusion === "failure")).toBe(true);
  });

  it("pages with next_cursor across 3 pages, each run once, and refuses a cursor reused with other filters", async () => {
    const total = [...gh.state.runs.values()].filter((r) => r.repo === "acme/web").length;
    const seen: number[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const r = await ok("auditlens_list_runs", { repo: "acme/web", limit: 25, ...(cursor ? { cursor } : {}) });
      seen.push(...r.runs.map((x: { run_id: number }) => x.run_id));
      cursor = r.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(total);
    const first = await ok("auditlens_list_runs", { repo: "acme/web", limit: 25 });
    const wrong = await call("auditlens_list_runs", { repo: "acme/web", limit: 25, branch: "main", cursor: first.next_cursor });
    expect(errorCodeOf(wrong)).toBe("VALIDATION_ERROR");
  });

  it("maps GitHub's errors to errors that say what to fix: 404 repo, 401 bad token, a missing permission", async () => {
    const missing = await call("auditlens_list_runs", { repo: "acme/nope" });
    expect(errorCodeOf(missing)).toBe("NOT_FOUND");
    expect(missing.content[0]!.text).toMatch(/acme\/nope was not found on GitHub, or the credentials cannot see it/);
    setEnv({ GITHUB_TOKEN: "ghp_notARealTokenAtAllButLongEnough0000000000" });
    const bad = await call("auditlens_list_runs", { repo: "acme/web" });
    expect(errorCodeOf(bad)).toBe("UNAUTHORIZED");
    expect(bad.content[0]!.text).toMatch(/invalid, expired or revoked/);
    gh.addToken("github_pat_noActionsPermission_000000000000000000000000000000000000000000000000000000000000", { login: "mona", kind: "pat", permissions: { contents: "read", metadata: "read", pull_requests: "read" } });
    setEnv({ GITHUB_TOKEN: "github_pat_noActionsPermission_000000000000000000000000000000000000000000000000000000000000" });
    const denied = await call("auditlens_list_runs", { repo: "acme/web" });
    expect(errorCodeOf(denied)).toBe("FORBIDDEN");
    expect(denied.content[0]!.text).toMatch(/lack the `actions:read` permission on the runs of acme\/web/);
    setEnv({ GITHUB_TOKEN: undefined });
    expect(errorCodeOf(await call("auditlens_list_runs", { repo: "acme/web" }))).toBe("UNAUTHORIZED");
  });

  it("waits out a secondary rate limit (retry-after), and answers RATE_LIMITED when a limit outlasts the call", async () => {
    gh.failNext({ path: /\/actions\/runs/, status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." } });
    const started = Date.now();
    const r = await ok("auditlens_list_runs", { repo: "acme/web", limit: 5 });
    expect(r.runs).toHaveLength(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    gh.setRateLimit({ remaining: 0, resetEpochSeconds: Math.floor(Date.now() / 1000) + 3600 });
    const limited = await call("auditlens_list_runs", { repo: "acme/web" });
    expect(errorCodeOf(limited)).toBe("RATE_LIMITED");
    const retry = (limited._meta?.["omniaudit/error"] as { details?: { retry_after_seconds?: number } }).details?.retry_after_seconds;
    expect(retry).toBeGreaterThan(3000);
  });
});

describe("runs, jobs and logs", () => {
  it("auditlens_get_run: jobs, failed steps with durations, and a failure excerpt that finds the real error", async () => {
    const r = await ok("auditlens_get_run", { repo: "acme/web", run_id: seed.failedRunId });
    expect(r.run).toMatchObject({ run_id: seed.failedRunId, conclusion: "failure", run_attempt: 2 });
    const failed = r.jobs.find((j: { job_id: number }) => j.job_id === seed.failedJobId);
    expect(failed.failed_steps).toEqual([expect.objectContaining({ name: "Run npm test", conclusion: "failure", duration_ms: expect.any(Number) })]);
    // The first real error (the failing test), not the runner's closing "Process completed with exit code 1."
    expect(failed.failure_excerpt.first_error).toMatch(/src\/login\.test\.ts/);
    expect(failed.failure_excerpt.group).toMatch(/npm test/);
    expect(failed.failure_excerpt.errors_total).toBeGreaterThanOrEqual(2);
    expect(failed.failure_excerpt.lines.length).toBeLessThanOrEqual(60);
    expect(JSON.stringify(failed.failure_excerpt)).not.toMatch(/\u001b\[|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z/);
    const first = await ok("auditlens_get_run", { repo: "acme/web", run_id: seed.failedRunId, attempt: 1 });
    expect(first.jobs.find((j: { job_id: number }) => j.job_id === seed.firstAttemptFailedJobId).failed_steps[0].name).toBe("Install dependencies");
  });

  it("auditlens_get_job_log: tail, around errors and grep windows, bounded, with line numbers", async () => {
    const tail = await ok("auditlens_get_job_log", { repo: "acme/web", job_id: seed.failedJobId, tail_lines: 20 });
    expect(tail).toMatchObject({ mode: "tail", truncated: false });
    expect(tail.lines).toHaveLength(20);
    expect(tail.lines.at(-1).n).toBe(tail.total_lines);
    expect(tail.total_lines).toBeGreaterThan(5000);
    const errors = await ok("auditlens_get_job_log", { repo: "acme/web", job_id: seed.failedJobId, context: 2 });
    expect(errors.mode).toBe("around_errors");
    expect(errors.lines.some((l: { text: string }) => /##\[error\]/.test(l.text))).toBe(true);
    expect(errors.lines.length).toBeLessThan(60);
    const grep = await ok("auditlens_get_job_log", { repo: "acme/web", job_id: seed.failedJobId, grep: "src/login.test.ts", context: 0 });
    expect(grep.lines.length).toBeGreaterThan(0);
    expect(grep.lines.every((l: { text: string }) => l.text.includes("src/login.test.ts"))).toBe(true);
    const both = await call("auditlens_get_job_log", { repo: "acme/web", job_id: seed.failedJobId, tail_lines: 5, grep: "x" });
    expect(errorCodeOf(both)).toBe("VALIDATION_ERROR");
    // The blob storage never saw the GitHub token.
    expect(gh.blobRequests.length).toBeGreaterThan(0);
    expect(gh.blobRequests.every((b) => b.authorization === null)).toBe(true);
  });

  it("an expired download URL is resolved again once, then a clear error", async () => {
    const ttl = gh.state.downloadUrlTtlMs;
    gh.state.downloadUrlTtlMs = -1;
    try {
      const r = await call("auditlens_get_job_log", { repo: "acme/web", job_id: seed.failedJobId, tail_lines: 5 });
      expect(errorCodeOf(r)).toBe("UPSTREAM_ERROR");
      expect(r.content[0]!.text).toMatch(/even with a fresh URL/);
    } finally {
      gh.state.downloadUrlTtlMs = ttl;
    }
  });
});

describe("artifacts", () => {
  it("lists a run's artifacts and fetches one: SARIF + JUnit in nested folders, each entry its own object, served from the record afterwards", async () => {
    const list = await ok("auditlens_list_artifacts", { repo: "acme/web", run_id: seed.failedRunId });
    expect(list.artifacts.map((a: { name: string }) => a.name)).toContain("test-results");
    const r = await ok("auditlens_fetch_artifact", { repo: "acme/web", run_id: seed.failedRunId, name: "test-results" });
    expect(r.cached).toBe(false);
    const byPath = Object.fromEntries(r.entries.map((e: { path: string; format: string }) => [e.path, e.format]));
    expect(byPath).toMatchObject({ "reports/codeql.sarif": "sarif", "reports/junit/results.xml": "junit" });
    expect(r.formats).toMatchObject({ sarif: 1, junit: 1 });
    expect(fs.existsSync(path.join(getEnv().objectStoreDir, "sha256", r.archive_ref.slice(7, 9), r.archive_ref.slice(7)))).toBe(true);
    const again = await ok("auditlens_fetch_artifact", { repo: "acme/web", artifact_id: seed.testResultsArtifactId });
    expect(again).toMatchObject({ cached: true, archive_ref: r.archive_ref, manifest_ref: r.manifest_ref });
  });

  it("refuses hostile and oversized archives and expired artifacts — a clear error, nothing half-written", async () => {
    const db = await getDb();
    const cases: [string, string, RegExp][] = [
      ["zip-bomb-ratio", "zip_bomb", /ratio|zip/i],
      ["zip-bomb-total", "zip_bomb", /total|limit/i],
      ["traversal", "path_traversal", /\.\./],
      ["absolute", "absolute_path", /absolute|\/etc/i],
      ["symlink", "link_entry", /link/i],
      ["oversized", "too_large", /limit/],
    ];
    for (const [name, reason, message] of cases) {
      const objectsBefore = storedObjects();
      const rowsBefore = Number((await db.select({ n: count() }).from(githubArtifacts))[0]!.n);
      const r = await call("auditlens_fetch_artifact", { repo: "acme/api", artifact_id: seed.artifacts[name] });
      expect(errorCodeOf(r), name).toBe("VALIDATION_ERROR");
      expect((r._meta?.["omniaudit/error"] as { details?: { reason?: string } }).details?.reason, name).toBe(reason);
      expect(r.content[0]!.text, name).toMatch(message);
      expect(storedObjects(), name).toEqual(objectsBefore);
      expect(Number((await db.select({ n: count() }).from(githubArtifacts))[0]!.n), name).toBe(rowsBefore);
    }
    const expired = await call("auditlens_fetch_artifact", { repo: "acme/api", artifact_id: seed.artifacts["expired-report"] });
    expect(errorCodeOf(expired)).toBe("NOT_FOUND");
    expect(expired.content[0]!.text).toMatch(/expired/);
    expect(fs.readdirSync(path.join(getEnv().dataDir, "tmp"))).toEqual([]);
  });
});

describe("GitHub App", () => {
  it("resolves the owner's installation, mints a token, and mints again once after a 401", async () => {
    setEnv({ GITHUB_TOKEN: undefined, GITHUB_APP_ID: String(gh.app.appId), GITHUB_APP_PRIVATE_KEY: gh.app.privateKeyPem.replace(/\n/g, "\\n") });
    const mints = () => gh.requests.filter((r) => r.method === "POST" && /\/app\/installations\/\d+\/access_tokens$/.test(r.path)).length;
    const before = mints();
    expect((await ok("auditlens_list_runs", { repo: "acme/web", limit: 3 })).runs).toHaveLength(3);
    expect(mints()).toBe(before + 1);
    expect((await ok("auditlens_list_runs", { repo: "acme/web", limit: 3 })).runs).toHaveLength(3);
    expect(mints()).toBe(before + 1); // cached
    // Revoke the minted installation token behind the client's back: the next call gets 401, mints anew, succeeds.
    for (const t of gh.state.tokens.values()) if (t.kind === "installation") t.revoked = true;
    await new Promise((r) => setTimeout(r, 5_100)); // past @octokit/auth-app's own replication-delay retries
    expect((await ok("auditlens_list_runs", { repo: "acme/web", limit: 3 })).runs).toHaveLength(3);
    expect(mints()).toBe(before + 2);
  }, 30_000);
});

describe("secrets stay secret", () => {
  it("no token appears in audit rows, tool output or the object store", async () => {
    const db = await getDb();
    const audit = JSON.stringify(await db.select().from(auditLogs));
    const artifacts = JSON.stringify(await db.select().from(githubArtifacts));
    const objects = storedObjects().map((f) => fs.readFileSync(path.join(getEnv().objectStoreDir, "sha256", f)).toString("latin1"));
    const minted = [...gh.state.tokens.entries()].filter(([, t]) => t.kind === "installation").map(([k]) => k);
    expect(minted.length).toBeGreaterThan(0);
    for (const secret of [PAT, ...minted, "BEGIN RSA PRIVATE KEY"]) {
      expect(audit).not.toContain(secret);
      expect(artifacts).not.toContain(secret);
      for (const o of objects) expect(o.includes(secret)).toBe(false);
    }
    const out = JSON.stringify(await call("auditlens_get_run", { repo: "acme/web", run_id: seed.failedRunId }));
    for (const secret of [PAT, ...minted]) expect(out).not.toContain(secret);
  });
});
