import "server-only";
import { completable, type GetPromptResult, type McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createGitHubAccess } from "@/lib/github/github-access";
import { ScanProfile } from "@/lib/modules/sitelint/types";
import { guardCallback } from "./mcp-callback-errors";
import { githubTags, idsWithPrefix, isRepo, knownRepos, recentScanUrls, storedTags } from "./mcp-completion-sources";
import { auditPlan, releasePlan, renderPlan, triagePlan, type PromptPlan } from "./mcp-prompt-plans";
import { ID_IN_URI_RE, recordUri } from "./mcp-resource-uris";

/** How long tag completion waits for GitHub before answering with the stored tags alone, ms. */
export const GITHUB_TAGS_TIMEOUT_MS = 1500;

type CompletionContext = { arguments?: Record<string, string> } | undefined;

const isHttpUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};
const originOf = (s: string | undefined) => (s && isHttpUrl(s) ? new URL(s).origin : undefined);

const completeRepo = (value: string) => guardCallback("completion/complete", async () => knownRepos(await getDb(), getEnv(), value));

/** Tags of the `repo` already filled in: stored release runs first, then GitHub's (best effort, bounded in time). */
const completeTag = (value: string, context: CompletionContext) =>
  guardCallback("completion/complete", async () => {
    const repo = context?.arguments?.repo;
    const known = repo && isRepo(repo) ? repo : undefined;
    const db = await getDb();
    const [stored, remote] = await Promise.all([storedTags(db, known, value), known ? githubTags(createGitHubAccess({ db, env: getEnv() }), known, value, GITHUB_TAGS_TIMEOUT_MS) : Promise.resolve([])]);
    return [...new Set([...stored, ...remote])];
  });

/** Fresh argument schemas per server: `completable` marks the schema object itself (once, immutably). */
const repoArg = () => completable(z.string().min(3).max(140).refine(isRepo, 'a GitHub repository as "owner/name"').describe('GitHub repository as "owner/name"'), completeRepo);
const tagArg = (what: string) => completable(z.string().min(1).max(255).regex(/^(?!.*\.\.)(?!\/)(?!.*\/$)[^\s~^:?*[\\\u0000-\u001f\u007f]+$/, "a git tag name").describe(what), completeTag);


// Built once at module load (zod schemas cost ~0.5 ms of CPU per server otherwise); each is marked by `completable`
// once, and every per-request McpServer registers the same objects.
const TRIAGE_ARGS = z.object({
  repo: repoArg(),
  pr: z.string().regex(/^[1-9][0-9]{0,9}$/, "a pull request number").describe("Pull request number, e.g. 42"),
  run_id: z.string().regex(/^[1-9][0-9]{0,18}$/, "a workflow run id").optional().describe("A specific workflow run (default: the PR's newest failed run)"),
});
const AUDIT_ARGS = z.object({
  url: completable(z.string().min(1).max(2048).refine(isHttpUrl, "an absolute http(s) URL").describe("Absolute http(s) URL to start from"), (value) =>
    guardCallback("completion/complete", async () => recentScanUrls(await getDb(), value)),
  ),
  profile: completable(z.enum(ScanProfile.options).describe("quick: a11y+SEO+security; standard (default): + links, console, needs-review; deep: + performance"), (value) =>
    ScanProfile.options.filter((p) => p.startsWith(value)),
  ).optional(),
  baseline_scan_id: completable(z.string().regex(ID_IN_URI_RE, "a scan id").describe("An earlier scan of the site to compare with, e.g. scan_…"), (value, context) =>
    guardCallback("completion/complete", async () => idsWithPrefix(await getDb(), "scan", value, { origin: originOf(context?.arguments?.url) })),
  ).optional(),
});
const RELEASE_ARGS = z.object({ repo: repoArg(), tag: tagArg("Tag to release, e.g. v2.3.0"), previous_tag: tagArg("Previous release's tag (default: the latest published release before tag)").optional() });

const messages = (plan: PromptPlan, extra: GetPromptResult["messages"] = []): GetPromptResult => ({
  messages: [{ role: "user", content: { type: "text", text: renderPlan(plan) } }, ...extra],
});

/**
 * Register the prompts that start OmniAudit's main flows (docs/mcp-resources.md §Prompts), each answering one user
 * message that names the tools to call, in order, with the arguments given (plans in `mcp-prompt-plans.ts`):
 * - `triage_failing_pr` (`repo`, `pr`, optional `run_id`) — AuditLens: failing runs, artifacts, triage, issue draft;
 * - `audit_site` (`url`, optional `profile` quick|standard|deep, optional `baseline_scan_id`) — SiteLint: scan, job,
 *   findings by rule, comparison with the baseline (linked as a resource);
 * - `prepare_release` (`repo`, `tag`, optional `previous_tag`) — Release Butler: notes, dry run with the assets'
 *   checksums, the confirmed release, the published checksums.
 * Arguments are validated by their schemas (the SDK answers `-32602` naming the argument). `completion/complete`
 * (MCP 2025-11-25 server/utilities/completion) suggests `repo` from the repos OmniAudit knows (`knownRepos`), `tag` /
 * `previous_tag` from stored release runs and GitHub (`storedTags`, `githubTags` within {@link GITHUB_TAGS_TIMEOUT_MS}),
 * `url` and `baseline_scan_id` from recent scans (the baseline of the `url` already typed, when there is one) and
 * `profile` from its enum — each filtered by the typed prefix, newest first; the SDK sends at most 100 with `total`
 * and `hasMore`. Call before `server.connect`; sets the `prompts` capability with `listChanged: false`.
 */
export function registerPrompts(server: McpServer): void {
  server.server.registerCapabilities({ prompts: { listChanged: false } });

  server.registerPrompt(
    "triage_failing_pr",
    {
      title: "Triage a failing pull request",
      description: "Why is this PR red? Finds the failing CI run, reads its failed jobs and artifacts, triages the evidence against the base branch and drafts a GitHub issue (AuditLens).",
      argsSchema: TRIAGE_ARGS,
    },
    (args) => messages(triagePlan(args)),
  );

  server.registerPrompt(
    "audit_site",
    {
      title: "Audit a live website",
      description: "Crawl a site in real Chromium and audit accessibility, SEO, security headers and links; summarise findings by rule and compare with an earlier scan (SiteLint).",
      argsSchema: AUDIT_ARGS,
    },
    (args) => {
      const baseline = args.baseline_scan_id ? recordUri("scan", args.baseline_scan_id) : null;
      return messages(auditPlan(args), baseline ? [{ role: "user", content: { type: "resource_link", uri: baseline, name: args.baseline_scan_id!, title: "Baseline scan", mimeType: "application/json" } }] : []);
    },
  );

  server.registerPrompt(
    "prepare_release",
    {
      title: "Prepare a GitHub release",
      description: "Release notes between two tags, a dry run with the assets' checksums, the release itself (a write that asks for confirmation) and a check of the published checksums (Release Butler).",
      argsSchema: RELEASE_ARGS,
    },
    (args) => messages(releasePlan(args)),
  );
}
