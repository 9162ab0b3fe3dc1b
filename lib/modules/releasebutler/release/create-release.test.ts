// releasebutler_create_release against the fake GitHub: asset-root confinement, dry run, the confirmed durable run,
// lost responses, a crash between GitHub's 201 and the step record, partial uploads and re-runs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { confirmations, jobs, receipts } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { newId } from "@/lib/ids";
import { getObjectStore } from "@/lib/object-store";
import { readReceiptResult } from "@/lib/runtime/receipts/read-receipt-result";
import { createMemoStep } from "@/lib/jobs/memo-step";
import type { StepTools } from "@/lib/jobs/types";
import { decideConfirmation } from "@/lib/runtime/confirmations/decide-confirmation";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";
import { createGitHubAccess } from "@/lib/github/github-access";
import { planRelease } from "./plan-release";
import { recordReleaseRun } from "./record-release-run";
import { CreateReleaseInput } from "./release-input";
import { runCreateRelease } from "./run-create-release";

const PAT = "github_pat_11RELEASE0fakeTokenForReleaseTests_0123456789abcdefghijklmnopqrstuvwxyzABCDEF";
const REPO = "acme/tools";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let gh: FakeGitHub;
let root: string;
let outside: string;

async function call(args: Record<string, unknown>): Promise<ToolCallResult & { sc: Json }> {
  const r = await runTool({ tool: findTool("releasebutler_create_release")!, args, principal: "tester", requestId: `t-${Date.now()}`, catalog: { findTool } });
  return { ...r, sc: (r.structuredContent ?? {}) as Json };
}
/** Ask, approve as an operator, redeem. */
async function createApproved(args: Record<string, unknown>) {
  const first = await call(args);
  expect(first.isError, JSON.stringify(first.content)).toBeFalsy();
  expect(first.sc.status).toBe("confirmation_required");
  await decideConfirmation(await getDb(), { id: first.sc.confirmation_id, decision: "approve", operator: "op-jane" });
  const r = await call({ ...args, confirmation_token: first.sc.confirmation_token });
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.sc;
}
const releasesOf = (tag: string) => gh.state.releases.filter((r) => r.repo === REPO && r.tagName === tag);
const writes = () => gh.requests.filter((r) => r.method !== "GET").length + gh.uploadRequests.length;
const write = (name: string, bytes: string | Buffer) => fs.writeFileSync(path.join(root, name), bytes);

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  gh.addRepo({ owner: "acme", name: "tools" });
  gh.addCommit({ repo: REPO, message: "Initial commit", author: "mona" });
  root = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-assets-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-outside-"));
  write("tool-linux-amd64.tar.gz", Buffer.alloc(300_000, 7));
  write("tool-darwin-arm64.tar.gz", Buffer.alloc(200_000, 9));
  fs.writeFileSync(path.join(outside, "secret.txt"), "do not upload");
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link-out.txt"));
  fs.symlinkSync(outside, path.join(root, "dir-out"));
});
afterAll(async () => {
  await gh?.close();
  for (const k of ["GITHUB_API_URL", "GITHUB_TOKEN", "GITHUB_URL_ALLOWLIST", "GITHUB_WRITE_ALLOWLIST", "RATE_LIMITS", "RELEASE_ASSET_ROOT"]) delete process.env[k];
  resetEnvForTests();
  resetGitHubClients();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});
beforeEach(() => {
  Object.assign(process.env, { GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_WRITE_ALLOWLIST: REPO, RATE_LIMITS: "github_writes=200/60", RELEASE_ASSET_ROOT: root });
  resetEnvForTests();
  resetGitHubClients();
});

const twoAssets = [{ path: "tool-linux-amd64.tar.gz" }, { path: "tool-darwin-arm64.tar.gz" }];

describe("releasebutler_create_release: assets confined to the asset root", () => {
  for (const [label, p, code] of [
    ["a .. path", "../" + "x", "FORBIDDEN"],
    ["an absolute path elsewhere", "/etc/passwd", "FORBIDDEN"],
    ["a symlinked file leading out", "link-out.txt", "FORBIDDEN"],
    ["a file under a symlinked directory leading out", "dir-out/secret.txt", "FORBIDDEN"],
    ["a missing file", "nope.bin", "NOT_FOUND"],
  ] as const) {
    it(`refuses ${label} before any confirmation is issued`, async () => {
      const db = await getDb();
      const before = (await db.select({ n: count() }).from(confirmations))[0]!.n;
      const r = await call({ repo: REPO, tag_name: "v0.0.1", assets: [{ path: p }] });
      expect(r.isError).toBe(true);
      expect(errorCodeOf(r)).toBe(code);
      expect(r.content[0]!.text).not.toContain(outside);
      const after = (await db.select({ n: count() }).from(confirmations))[0]!.n;
      expect(after).toBe(before);
    });
  }
});

describe("releasebutler_create_release: dry run", () => {
  it("returns the planned requests and their payload hash, writes nothing and needs no confirmation", async () => {
    const before = writes();
    const r = await call({ repo: REPO, tag_name: "v1.0.0", body: "First release", assets: twoAssets, dry_run: true });
    expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    expect(r.sc.status).toBe("planned");
    expect(r.sc.receipt_id).toBeUndefined();
    expect(r.sc.payload_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.sc.planned_requests.map((q: Json) => `${q.method} ${q.path.split("?")[0]}`)).toEqual([
      `GET /repos/${REPO}/releases`, `POST /repos/${REPO}/releases`, "POST {upload_url}", "POST {upload_url}", `PATCH /repos/${REPO}/releases/{release_id}`,
    ]);
    expect(r.sc.planned_requests[2].payload).toMatchObject({ size: 300_000, content_type: "application/gzip" });
    expect(writes()).toBe(before);
    expect(releasesOf("v1.0.0")).toHaveLength(0);
    const again = await call({ repo: REPO, tag_name: "v1.0.0", body: "First release", assets: twoAssets, dry_run: true });
    expect(again.sc.payload_hash).toBe(r.sc.payload_hash);
  });
});

describe("releasebutler_create_release: confirmed runs", () => {
  it("creates the release, uploads both assets, publishes, and the receipt records the release URL", async () => {
    const sc = await createApproved({ repo: REPO, tag_name: "v1.0.0", body: "First release", assets: twoAssets });
    expect(sc.status, JSON.stringify(sc)).toBe("succeeded");
    expect(sc.uploaded_assets.map((a: Json) => [a.name, a.outcome])).toEqual([["tool-linux-amd64.tar.gz", "uploaded"], ["tool-darwin-arm64.tar.gz", "uploaded"]]);
    expect(sc.failed_assets).toEqual([]);
    const [rel] = releasesOf("v1.0.0");
    expect(releasesOf("v1.0.0")).toHaveLength(1);
    expect(rel!.draft).toBe(false);
    expect(rel!.assets.map((a) => [a.name, a.size, a.state])).toEqual([["tool-linux-amd64.tar.gz", 300_000, "uploaded"], ["tool-darwin-arm64.tar.gz", 200_000, "uploaded"]]);
    expect(gh.uploadRequests.every((u) => u.token === PAT)).toBe(true);
    const [receipt] = await (await getDb()).select().from(receipts).where(eq(receipts.id, sc.receipt_id));
    expect(receipt!.status).toBe("succeeded");
    const obj = (await readReceiptResult(getObjectStore(), receipt!.resultRef)).result as Json;
    expect(obj.output.release_url).toBe(sc.release_url);
    expect(obj.output.uploaded_assets).toHaveLength(2);
  });

  it("a lost answer to the create (GitHub made the release, then 502) still yields one release", async () => {
    gh.failNext({ method: "POST", path: /\/releases$/, status: 502, afterHandling: true, times: 3 });
    const sc = await createApproved({ repo: REPO, tag_name: "v1.1.0", body: "Lost answer", assets: [] });
    expect(sc.status, JSON.stringify(sc)).toBe("succeeded");
    expect(releasesOf("v1.1.0")).toHaveLength(1);
  });

  it("a crash after GitHub answered 201 but before the step was recorded: the re-run finds the release — one release, one receipt", async () => {
    const db = await getDb();
    const input = CreateReleaseInput.parse({ repo: REPO, tag_name: "v1.2.0", body: "Crash", assets: twoAssets });
    const client = await createGitHubAccess({ db, env: getEnv() }).forRepo(REPO);
    const plan = await planRelease(input, { owner: "acme", repo: "tools", root, maxBytes: 1e9, body: "Crash" });
    const runId = newId("rel");
    const jobId = newId("job");
    const receiptId = newId("rcpt");
    expect(client.owner).toBe("acme");
    await db.insert(jobs).values({ id: jobId, module: "releasebutler", functionId: "releasebutler/create-release", input: { run_id: runId, job_id: jobId }, backend: "in-process", status: "running" });
    await db.insert(receipts).values({ id: receiptId, operation: "releasebutler_create_release", inputsHash: "x", actor: "tester" });
    await recordReleaseRun(db, { runId, jobId, receiptId, repo: REPO, input, plan, notes: "Crash", principal: "tester", requestId: null });
    const memo = createMemoStep(db, jobId);
    const dying: StepTools = {
      run: async (id, fn) => {
        if (id !== "release") return memo.run(id, fn);
        await fn();
        throw new Error("the process died before the step was recorded");
      },
    };
    await expect(runCreateRelease({ runId, jobId, step: dying })).rejects.toThrow(/died/);
    expect(releasesOf("v1.2.0")).toHaveLength(1);
    const result = await runCreateRelease({ runId, jobId, step: createMemoStep(db, jobId) });
    expect(result.created).toBe(false);
    expect(result.status).toBe("succeeded");
    expect(releasesOf("v1.2.0")).toHaveLength(1);
    expect(releasesOf("v1.2.0")[0]!.assets).toHaveLength(2);
    const rows = await db.select().from(receipts).where(eq(receipts.id, receiptId));
    expect(rows.map((r) => r.status)).toEqual(["succeeded"]);
  });

  it("a partial upload leaves a draft; the re-run skips the identical asset and uploads the rest", async () => {
    gh.failNextUpload({ afterBytes: 1000, times: 3, name: "tool-darwin-arm64.tar.gz" });
    const first = await createApproved({ repo: REPO, tag_name: "v2.0.0", body: "Partial", assets: twoAssets });
    expect(first.status, JSON.stringify(first)).toBe("partial");
    expect(first.uploaded_assets.map((a: Json) => a.outcome)).toEqual(["uploaded"]);
    expect(first.failed_assets.map((a: Json) => a.name)).toEqual(["tool-darwin-arm64.tar.gz"]);
    expect(first.failed_assets[0].error).toBeTruthy();
    expect(releasesOf("v2.0.0")[0]!.draft).toBe(true);
    const uploadsBefore = gh.uploadRequests.length;
    const second = await createApproved({ repo: REPO, tag_name: "v2.0.0", body: "Partial", assets: twoAssets, wait_seconds: 60 });
    expect(second.status, JSON.stringify(second)).toBe("succeeded");
    expect(second.uploaded_assets.map((a: Json) => [a.name, a.outcome])).toEqual([["tool-linux-amd64.tar.gz", "skipped"], ["tool-darwin-arm64.tar.gz", "uploaded"]]);
    expect(gh.uploadRequests.length - uploadsBefore).toBe(1);
    expect(releasesOf("v2.0.0")).toHaveLength(1);
    const rel = releasesOf("v2.0.0")[0]!;
    expect(rel.draft).toBe(false);
    expect(rel.assets.filter((a) => a.state === "uploaded").map((a) => a.name).sort()).toEqual(["tool-darwin-arm64.tar.gz", "tool-linux-amd64.tar.gz"]);
  });

  it("an asset of that name with different content fails unless replace is set", async () => {
    write("notes.txt", "version one");
    await createApproved({ repo: REPO, tag_name: "v3.0.0", body: "Replace", assets: [{ path: "notes.txt" }] });
    write("notes.txt", "version two!");
    const kept = await createApproved({ repo: REPO, tag_name: "v3.0.0", body: "Replace", assets: [{ path: "notes.txt" }] });
    expect(kept.status).toBe("partial");
    expect(kept.failed_assets[0].error).toMatch(/replace: true/);
    const replaced = await createApproved({ repo: REPO, tag_name: "v3.0.0", body: "Replace", assets: [{ path: "notes.txt", replace: true }] });
    expect(replaced.status).toBe("succeeded");
    expect(replaced.uploaded_assets[0].outcome).toBe("replaced");
    expect(releasesOf("v3.0.0")[0]!.assets.map((a) => [a.name, a.size])).toEqual([["notes.txt", 12]]);
  });

  it("an identical asset GitHub gives no digest for is recognised by downloading it, and skipped", async () => {
    const bytes = fs.readFileSync(path.join(root, "tool-linux-amd64.tar.gz"));
    gh.addRelease({ repo: REPO, tag: "v4.0.0", draft: true, assets: [{ name: "tool-linux-amd64.tar.gz", content: bytes, digest: null }] });
    const downloads = gh.state.assetDownloads.length;
    const uploads = gh.uploadRequests.length;
    const sc = await createApproved({ repo: REPO, tag_name: "v4.0.0", body: "No digest", assets: [{ path: "tool-linux-amd64.tar.gz" }] });
    expect(sc.status, JSON.stringify(sc)).toBe("succeeded");
    expect(sc.uploaded_assets.map((a: Json) => a.outcome)).toEqual(["skipped"]);
    expect(gh.state.assetDownloads.length - downloads).toBe(1);
    expect(gh.uploadRequests.length).toBe(uploads);
    expect(releasesOf("v4.0.0")[0]!.draft).toBe(false);
  });

  it("generate_notes: the confirmation shows the generated notes and the release carries them", async () => {
    const sha = gh.addCommit({ repo: REPO, message: "feat: add --json output (#12)", author: "octo-dev" });
    gh.addMergedPullRequest({ repo: REPO, number: 12, title: "feat: add --json output", author: "octo-dev", labels: ["enhancement"], mergeCommitSha: sha, headRef: "json" });
    const args = { repo: REPO, tag_name: "v5.0.0", generate_notes: true, assets: [] };
    const first = await call(args);
    expect(first.sc.status).toBe("confirmation_required");
    expect(first.sc.summary).toContain("Release notes (generated):");
    expect(first.sc.summary).toMatch(/feat: add .*json output by @octo-dev/);
    await decideConfirmation(await getDb(), { id: first.sc.confirmation_id, decision: "approve", operator: "op-jane" });
    const r = await call({ ...args, confirmation_token: first.sc.confirmation_token });
    expect(r.sc.status, JSON.stringify(r.content)).toBe("succeeded");
    expect(r.sc.notes).toContain("@octo-dev made their first contribution");
    expect(releasesOf("v5.0.0")[0]!.body).toBe(r.sc.notes);
  });

  it("an asset file changed after approval: the confirmed call refuses (CONFLICT) and writes nothing", async () => {
    write("late.bin", "approved bytes");
    const args = { repo: REPO, tag_name: "v6.0.0", body: "Late change", assets: [{ path: "late.bin" }] };
    const first = await call(args);
    expect(first.sc.summary).toContain(`payload hash ${(await call({ ...args, dry_run: true })).sc.payload_hash}`);
    await decideConfirmation(await getDb(), { id: first.sc.confirmation_id, decision: "approve", operator: "op-jane" });
    write("late.bin", "other bytes!!!");
    const uploads = gh.uploadRequests.length;
    const r = await call({ ...args, confirmation_token: first.sc.confirmation_token });
    expect(errorCodeOf(r)).toBe("CONFLICT");
    expect(r.content[0]!.text).toMatch(/changed since the confirmation/);
    expect(releasesOf("v6.0.0")).toHaveLength(0);
    expect(gh.uploadRequests.length).toBe(uploads);
  });
});
