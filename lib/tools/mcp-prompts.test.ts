import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditlensReports, auditlensTriages, githubArtifacts, jobs, releaseRuns, scans } from "@/drizzle/schema";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { forgetFakeGitHub, useFakeGitHub } from "@/e2e/support/fake-github-env";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { newId } from "@/lib/ids";
import { auditPlan, isPlaceholder, releasePlan, triagePlan, type PromptPlan } from "./mcp-prompt-plans";
import { GITHUB_TAGS_TIMEOUT_MS, registerPrompts } from "./mcp-prompts";
import { registerResources } from "./mcp-resources";
import { connectInMemory, rpcErrorOf } from "./mcp-test-client";
import { findTool } from "./registry";

const PAT = "github_pat_11PROMPTS0fakeTokenForCompletionTests_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
let client: Client;
let gh: FakeGitHub;

const textOf = async (name: string, args: Record<string, string>) => {
  const r = await client.getPrompt({ name, arguments: args });
  expect(r.messages[0]).toMatchObject({ role: "user", content: { type: "text" } });
  return { text: (r.messages[0]!.content as { text: string }).text, messages: r.messages };
};
const complete = (prompt: string, name: string, value: string, args?: Record<string, string>) =>
  client.complete({ ref: { type: "ref/prompt", name: prompt }, argument: { name, value }, ...(args ? { context: { arguments: args } } : {}) }).then((r) => r.completion);

/** Every step names a registered tool, every argument is one of its inputs, every literal value passes its schema. */
function expectPlanMatchesTools(plan: PromptPlan) {
  for (const step of plan.steps) {
    const tool = findTool(step.tool);
    expect(tool, step.tool).toBeDefined();
    const shape = tool!.input.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    for (const [key, value] of Object.entries(step.args)) {
      expect(Object.keys(shape), `${step.tool}.${key}`).toContain(key);
      if (!isPlaceholder(value)) expect(shape[key]!.safeParse(value).success, `${step.tool}.${key} = ${JSON.stringify(value)}`).toBe(true);
    }
  }
}

beforeAll(async () => {
  process.env.GITHUB_WRITE_ALLOWLIST = "Acme/Allowed,acme/*,zeta/listed";
  resetEnvForTests();
  const db = await getDb();
  const jobId = newId("job");
  await db.insert(jobs).values({ id: jobId, module: "core", functionId: "core/test", input: {}, backend: "in-process" });
  await db.insert(auditlensTriages).values({ id: newId("tri"), jobId, repo: "acme/widgets", target: { pr_number: 1 }, principal: "p", createdAt: new Date("2025-03-01T00:00:00Z") });
  await db.insert(auditlensReports).values({ id: newId("rpt"), repo: "acme/reports", sourceKind: "artifact", source: {}, dedupeStrategy: "fingerprint", principal: "p", createdAt: new Date("2025-02-01T00:00:00Z") });
  await db.insert(githubArtifacts).values({ id: newId("art"), repo: "beta/tool", artifactId: 1, name: "a", archiveRef: `sha256/${"1".repeat(64)}`, archiveSize: 1, archiveSha256: "1".repeat(64), manifestRef: `sha256/${"2".repeat(64)}`, entryCount: 0, uncompressedBytes: 0, formats: {}, principal: "p", fetchedAt: new Date("2025-01-01T00:00:00Z") });
  const run = (repo: string, tag: string, at: string) => ({ id: newId("rel"), jobId, receiptId: "rcpt_x", repo, tagName: tag, input: {}, principal: "p", createdAt: new Date(at) });
  await db.insert(releaseRuns).values([run("Acme/Widgets", "v1.0.0", "2025-04-01T00:00:00Z"), run("acme/widgets", "v1.1.0", "2025-05-01T00:00:00Z"), run("beta/tool", "v9.0.0", "2025-05-02T00:00:00Z")]);
  const scan = (id: string, url: string, at: string) => ({ id, jobId, url, origin: new URL(url).origin, profile: "quick" as const, viewportSet: "desktop" as const, crawlBudget: 1, createdAt: new Date(at) });
  await db.insert(scans).values([scan("scan_a1", "https://shop.example/", "2025-06-01T00:00:00Z"), scan("scan_a2", "https://shop.example/", "2025-06-02T00:00:00Z"), scan("scan_b1", "https://blog.example/start", "2025-06-03T00:00:00Z")]);
  await db.insert(scans).values(Array.from({ length: 120 }, (_, i) => scan(`scan_bulk${String(i).padStart(3, "0")}`, "https://bulk.example/", "2024-01-01T00:00:00Z")));
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  gh.addRepo({ owner: "acme", name: "widgets" });
  const sha = gh.addCommit({ repo: "acme/widgets", message: "init", author: "mona" });
  for (const tag of ["v1.1.0", "v1.2.0", "v1.10.0", "v2.0.0-rc.1", "nightly"]) gh.addTag({ repo: "acme/widgets", tag, sha });
  await gh.ready();
  client = await connectInMemory(registerPrompts);
});
afterAll(async () => {
  await client.close();
  forgetFakeGitHub();
  await gh.close();
  delete process.env.GITHUB_WRITE_ALLOWLIST;
  resetEnvForTests();
});

describe("MCP prompts: list and get", () => {
  it("lists the three flows with their arguments and sets the prompts and completions capabilities", async () => {
    const { prompts } = await client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["audit_site", "prepare_release", "triage_failing_pr"]);
    const args = (name: string) => byName[name]!.arguments!.map((a) => [a.name, a.required ?? false]);
    expect(args("triage_failing_pr")).toEqual([["repo", true], ["pr", true], ["run_id", false]]);
    expect(args("audit_site")).toEqual([["url", true], ["profile", false], ["baseline_scan_id", false]]);
    expect(args("prepare_release")).toEqual([["repo", true], ["tag", true], ["previous_tag", false]]);
    for (const p of prompts) expect(p.title && p.description, p.name).toBeTruthy();
    expect(client.getServerCapabilities()).toMatchObject({ prompts: { listChanged: false }, completions: {} });
  });

  it("triage_failing_pr: the AuditLens tools in order, with the repo and PR number", async () => {
    const { text } = await textOf("triage_failing_pr", { repo: "acme/widgets", pr: "42" });
    const order = ["auditlens_list_runs", "auditlens_get_run", "auditlens_list_artifacts", "auditlens_fetch_artifact", "auditlens_triage_run", "core_get_job", "auditlens_get_triage", "auditlens_draft_issue"];
    const at = order.map((t) => text.indexOf(`\`${t}\``));
    expect(at.every((i) => i >= 0), text).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('`auditlens_list_runs` with {"repo":"acme/widgets","pr_number":42,"failed_only":true}');
    expect(text).toContain('`auditlens_triage_run` with {"repo":"acme/widgets","pr_number":42}');
    expect(text).toMatch(/auditlens_create_issue is a write/);
    const withRun = (await textOf("triage_failing_pr", { repo: "acme/widgets", pr: "42", run_id: "9001" })).text;
    expect(withRun).not.toContain("auditlens_list_runs");
    expect(withRun).toContain('`auditlens_triage_run` with {"repo":"acme/widgets","run_id":9001}');
  });

  it("audit_site: scan, job, summary, findings by rule, and the baseline compared and linked", async () => {
    const { text, messages } = await textOf("audit_site", { url: "https://shop.example/", profile: "deep", baseline_scan_id: "scan_a1" });
    expect(text).toContain('`sitelint_start_scan` with {"url":"https://shop.example/","profile":"deep"}');
    expect(text.indexOf("`core_get_job`")).toBeLessThan(text.indexOf("`sitelint_get_scan`"));
    expect(text).toContain('`sitelint_list_findings` with {"scan_id":"scan_a1","group_by":"rule"}');
    expect(messages[1]).toEqual({ role: "user", content: { type: "resource_link", uri: "omniaudit://scans/scan_a1", name: "scan_a1", title: "Baseline scan", mimeType: "application/json" } });
    const plain = await textOf("audit_site", { url: "https://shop.example/" });
    expect(plain.messages).toHaveLength(1);
    expect(plain.text).toContain('`sitelint_start_scan` with {"url":"https://shop.example/"}');
  });

  it("prepare_release: notes between the tags, a dry run, the confirmed write explained, the published checksums", async () => {
    const { text } = await textOf("prepare_release", { repo: "acme/widgets", tag: "v1.2.0", previous_tag: "v1.1.0" });
    expect(text).toContain('`releasebutler_generate_notes` with {"repo":"acme/widgets","from_tag":"v1.1.0","to_tag":"v1.2.0"}');
    expect(text).toContain('"dry_run":true');
    expect(text).toMatch(/asks for confirmation/);
    expect(text).toContain("confirmation_token");
    expect(text.indexOf("`releasebutler_create_release`")).toBeLessThan(text.indexOf("`releasebutler_verify_checksums`"));
  });

  it("every plan's steps match the registry: tool names, argument names and literal values", () => {
    for (const plan of [
      triagePlan({ repo: "acme/widgets", pr: "42" }),
      triagePlan({ repo: "acme/widgets", pr: "42", run_id: "9001" }),
      auditPlan({ url: "https://shop.example/" }),
      auditPlan({ url: "https://shop.example/", profile: "quick", baseline_scan_id: "scan_a1" }),
      releasePlan({ repo: "acme/widgets", tag: "v1.2.0" }),
      releasePlan({ repo: "acme/widgets", tag: "v1.2.0", previous_tag: "v1.1.0" }),
    ]) expectPlanMatchesTools(plan);
  });

  it("serves the 2026-07-28 era too: list, get and completion", async () => {
    const modern = await connectInMemory(registerPrompts, "modern");
    try {
      expect((await modern.listPrompts()).prompts.map((p) => p.name)).toContain("audit_site");
      const r = await modern.getPrompt({ name: "audit_site", arguments: { url: "https://shop.example/" } });
      expect((r.messages[0]!.content as { text: string }).text).toContain("`sitelint_start_scan`");
      const c = await modern.complete({ ref: { type: "ref/prompt", name: "audit_site" }, argument: { name: "profile", value: "d" } });
      expect(c.completion.values).toEqual(["deep"]);
    } finally {
      await modern.close();
    }
  });

  it("registers next to the resources on one server (as the endpoint's factory does): one completion handler serves both", async () => {
    const both = await connectInMemory((s) => {
      registerResources(s);
      registerPrompts(s);
    });
    try {
      expect(both.getServerCapabilities()).toMatchObject({ resources: { listChanged: false }, prompts: { listChanged: false }, completions: {} });
      expect((await both.complete({ ref: { type: "ref/resource", uri: "omniaudit://scans/{scan_id}" }, argument: { name: "scan_id", value: "scan_a" } })).completion.values).toEqual(["scan_a2", "scan_a1"]);
      expect((await both.complete({ ref: { type: "ref/prompt", name: "audit_site" }, argument: { name: "profile", value: "q" } })).completion.values).toEqual(["quick"]);
      expect((await rpcErrorOf(both.complete({ ref: { type: "ref/prompt", name: "test_prompt_with_arguments" }, argument: { name: "arg1", value: "x" } }))).code).toBe(-32602);
    } finally {
      await both.close();
    }
  });

  it("refuses bad arguments with -32602 naming the argument", async () => {
    for (const [name, args, field] of [
      ["triage_failing_pr", { repo: "not a repo", pr: "1" }, "repo"],
      ["triage_failing_pr", { repo: "acme/widgets", pr: "x1" }, "pr"],
      ["audit_site", { url: "ftp://shop.example/" }, "url"],
      ["audit_site", { url: "https://shop.example/", profile: "turbo" }, "profile"],
      ["prepare_release", { repo: "acme/widgets", tag: "bad tag" }, "tag"],
      ["prepare_release", { repo: "acme/widgets" }, "tag"],
    ] as const) {
      const e = await rpcErrorOf(client.getPrompt({ name, arguments: args }));
      expect(e.code, `${name} ${field}`).toBe(-32602);
      expect(e.message, `${name} ${field}`).toContain(field);
    }
  });
});

describe("MCP prompts: completion", () => {
  it("repo: repos of stored runs (most recent first) and literal allowlist entries, by case-insensitive prefix", async () => {
    expect(await complete("triage_failing_pr", "repo", "")).toEqual({ values: ["beta/tool", "acme/widgets", "acme/reports", "acme/allowed", "zeta/listed"], total: 5, hasMore: false });
    expect((await complete("prepare_release", "repo", "ACME/")).values).toEqual(["acme/widgets", "acme/reports", "acme/allowed"]);
    expect((await complete("prepare_release", "repo", "acme%")).values).toEqual([]);
  });

  it("tag: stored release runs of the repo first, then GitHub's tags, newest version first, by prefix", async () => {
    useFakeGitHub(gh, PAT);
    try {
      expect(await complete("prepare_release", "tag", "v1", { repo: "acme/widgets" })).toEqual({ values: ["v1.1.0", "v1.0.0", "v1.10.0", "v1.2.0"], total: 4, hasMore: false });
      expect((await complete("prepare_release", "previous_tag", "", { repo: "acme/widgets" })).values).toEqual(["v1.1.0", "v1.0.0", "v2.0.0-rc.1", "v1.10.0", "v1.2.0", "nightly"]);
    } finally {
      forgetFakeGitHub();
    }
    // GitHub not connected: the stored tags alone, no error.
    expect((await complete("prepare_release", "tag", "v", { repo: "acme/widgets" })).values).toEqual(["v1.1.0", "v1.0.0"]);
    // No repo yet: stored tags of every repo.
    expect((await complete("prepare_release", "tag", "v")).values).toEqual(["v9.0.0", "v1.1.0", "v1.0.0"]);
  });

  it("tag: a GitHub that does not answer costs at most the timeout, then the stored tags", async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
    Object.assign(process.env, { GITHUB_API_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1" });
    resetEnvForTests();
    resetGitHubClients();
    try {
      const started = Date.now();
      expect((await complete("prepare_release", "tag", "v1", { repo: "acme/widgets" })).values).toEqual(["v1.1.0", "v1.0.0"]);
      expect(Date.now() - started).toBeLessThan(GITHUB_TAGS_TIMEOUT_MS + 1500);
    } finally {
      forgetFakeGitHub();
      hanging.closeAllConnections();
      await new Promise((r) => hanging.close(r));
    }
  });

  it("url, baseline_scan_id (of the typed url's origin) and profile", async () => {
    expect((await complete("audit_site", "url", "https://")).values.slice(0, 2)).toEqual(["https://blog.example/start", "https://shop.example/"]);
    expect((await complete("audit_site", "url", "HTTPS://SHOP")).values).toEqual(["https://shop.example/"]);
    expect((await complete("audit_site", "baseline_scan_id", "scan_", { url: "https://shop.example/pricing" })).values).toEqual(["scan_a2", "scan_a1"]);
    expect((await complete("audit_site", "baseline_scan_id", "scan_b")).values.slice(0, 2)).toEqual(["scan_b1", "scan_bulk119"]);
    expect(await complete("audit_site", "profile", "")).toEqual({ values: ["quick", "standard", "deep"], total: 3, hasMore: false });
    expect((await complete("audit_site", "profile", "st")).values).toEqual(["standard"]);
  });

  it("sends at most 100 values, with the total found and hasMore", async () => {
    const r = await complete("audit_site", "baseline_scan_id", "scan_bulk");
    expect(r.values).toHaveLength(100);
    expect(r).toMatchObject({ total: 120, hasMore: true });
  });
});
