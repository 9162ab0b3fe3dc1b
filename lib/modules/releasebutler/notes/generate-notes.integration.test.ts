import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "@/e2e/support/fake-github";
import { resetEnvForTests } from "@/lib/env";
import { resetGitHubClients } from "@/lib/github/github-access";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { errorCodeOf } from "@/lib/runtime/test-support";
import { generateNotes } from "../tools/generate-notes";
import type { ReleaseNotes } from "./notes-schema";

const PAT = "github_pat_11AAAAAAA0fakeTokenForReleaseNotes_0123456789abcdefghijklmnopqrstuvwxyzABCDE";
const REPO = "acme/rel";
const EMPTY = "acme/norel";
const HOUR = 3_600_000;
const T0 = Date.parse("2026-03-01T10:00:00Z");

const RELEASE_YML = `changelog:
  exclude:
    labels: [ignore-for-release]
  categories:
    - title: Breaking Changes 🛠
      labels: [breaking-change]
    - title: Exciting New Features 🎉
      labels: [enhancement]
    - title: Bug Fixes
      labels: [bug]
    - title: Dependencies
      labels: [dependencies]
    - title: Other Changes
      labels: ["*"]
`;
const HOSTILE = "Tidy [click](https://evil.example) ![x](https://evil.example/p.png) <img src=x> @everyone # heading";

let gh: FakeGitHub;
let web: string;

async function call(args: Record<string, unknown>): Promise<ToolCallResult & { sc: ReleaseNotes }> {
  const r = await runTool({ tool: generateNotes as never, args, principal: "tester", requestId: `t-${Date.now()}-${Math.random()}`, catalog: { findTool: () => undefined } });
  return { ...r, sc: r.structuredContent as ReleaseNotes };
}
async function ok(args: Record<string, unknown>): Promise<ReleaseNotes> {
  const r = await call(args);
  expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
  return r.sc;
}
function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  resetEnvForTests();
  resetGitHubClients();
}
const numbers = (n: ReleaseNotes) => n.sections.map((s) => [s.title, s.entries.map((e) => e.pr_number ?? e.title)]);

/**
 * acme/rel: PR #1 by `returning` before v1.0.0 (released); after it a squash merge (#2, new contributor), a merge-commit
 * PR (#3: two commits and the merge commit), a rebase merge (#4, two commits, `feat(api)!:`), a direct commit, a
 * Dependabot PR (#5), a PR release.yml excludes (#6) and one with a hostile title (#7).
 */
function seedRepo() {
  gh.addRepo({ owner: "acme", name: "rel" });
  let at = T0;
  const tick = () => (at += HOUR);
  let head = gh.addCommit({ repo: REPO, branch: "main", message: "Initial commit", author: "returning", dateMs: tick(), parents: [], files: ["README.md"] });
  const onMain = (o: { message: string; author: string; authorType?: "User" | "Bot"; files?: string[]; parents?: string[] }) =>
    (head = gh.addCommit({ repo: REPO, branch: "main", dateMs: tick(), parents: [head], ...o }));
  const squash = (o: { number: number; title: string; author: string; authorType?: "User" | "Bot"; labels?: string[]; files?: string[]; body?: string }) => {
    const sha = onMain({ message: `${o.title} (#${o.number})`, author: o.author, authorType: o.authorType, files: o.files });
    gh.addMergedPullRequest({ repo: REPO, mergeCommitSha: sha, mergedAtMs: at, headRef: `pr-${o.number}`, ...o });
  };

  squash({ number: 1, title: "Set up the project", author: "returning", files: ["package.json"] });
  gh.addTag({ repo: REPO, tag: "v1.0.0", sha: head });
  gh.addRelease({ repo: REPO, tag: "v1.0.0", name: "v1.0.0", createdAtMs: at });

  squash({ number: 2, title: "feat: add search", author: "newbie", labels: ["enhancement"], files: ["packages/ui/search.ts"] });
  const base = head;
  const f1 = gh.addCommit({ repo: REPO, branch: "fix-tags", message: "fix: handle empty tags", author: "returning", dateMs: tick(), parents: [base], files: ["packages/api/tags.ts"] });
  const f2 = gh.addCommit({ repo: REPO, branch: "fix-tags", message: "test: empty tags", author: "returning", dateMs: tick(), parents: [f1], files: ["packages/api/tags.test.ts"] });
  const m3 = onMain({ message: "Merge pull request #3 from acme/fix-tags\n\nfix: handle empty tags", author: "returning", parents: [base, f2] });
  gh.addMergedPullRequest({ repo: REPO, number: 3, title: "fix(api): handle empty tags", author: "returning", labels: ["bug"], mergeCommitSha: m3, commitShas: [f1, f2], mergedAtMs: at, headRef: "fix-tags", files: ["packages/api/tags.ts", "packages/api/tags.test.ts"] });
  const r1 = onMain({ message: "feat(api)!: drop the v1 endpoints", author: "carol", files: ["packages/api/v1.ts"] });
  const r2 = onMain({ message: "docs: v2 migration\n\nBREAKING CHANGE: /v1 is gone", author: "carol", files: ["apps/web/migrate.md"] });
  gh.addMergedPullRequest({ repo: REPO, number: 4, title: "feat(api)!: drop the v1 endpoints", author: "carol", labels: ["breaking-change"], mergeCommitSha: r2, commitShas: [r1, r2], mergedAtMs: at, headRef: "drop-v1", files: ["packages/api/v1.ts", "apps/web/migrate.md"] });
  onMain({ message: "docs: fix a typo in the README", author: "returning", files: ["README.md"] });
  squash({ number: 5, title: "chore(deps): bump lodash from 4.17.20 to 4.17.21", author: "dependabot[bot]", authorType: "Bot", labels: ["dependencies"], files: ["package-lock.json"] });
  squash({ number: 6, title: "chore: internal tweak", author: "newbie", labels: ["ignore-for-release"], files: ["scripts/x.sh"] });
  squash({ number: 7, title: HOSTILE, author: "dave", files: ["apps/web/page.tsx"] });
  gh.addTag({ repo: REPO, tag: "v1.1.0", sha: head });
  gh.setFile({ repo: REPO, path: ".github/release.yml", content: RELEASE_YML });
}

/** acme/norel: no release, 30 merged PRs an hour apart; #1 (the oldest merge) was updated last. */
function seedEmptyRepo() {
  gh.addRepo({ owner: "acme", name: "norel" });
  let head = gh.addCommit({ repo: EMPTY, branch: "main", message: "Initial commit", author: "mona", dateMs: T0, parents: [] });
  for (let n = 1; n <= 30; n++) {
    head = gh.addCommit({ repo: EMPTY, branch: "main", message: `Change ${n} (#${n})`, author: n % 2 ? "mona" : "hubot", dateMs: T0 + n * HOUR, parents: [head] });
    gh.addMergedPullRequest({ repo: EMPTY, number: n, title: `Change ${n}`, author: n % 2 ? "mona" : "hubot", mergeCommitSha: head, mergedAtMs: T0 + n * HOUR, headRef: `c-${n}` });
  }
  const first = gh.state.issues.find((i) => i.repo === EMPTY && i.number === 1)!;
  first.updatedAt = new Date(T0 + 100 * HOUR).toISOString();
}

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken(PAT, { login: "mona", kind: "pat" });
  seedRepo();
  seedEmptyRepo();
  web = `${gh.apiUrl}/${REPO}`;
});
afterAll(async () => {
  await gh?.close();
  setEnv({ GITHUB_API_URL: undefined, GITHUB_TOKEN: undefined, GITHUB_URL_ALLOWLIST: undefined });
});
beforeEach(() => setEnv({ GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: PAT, GITHUB_URL_ALLOWLIST: "127.0.0.1", GITHUB_APP_ID: undefined, GITHUB_APP_PRIVATE_KEY: undefined }));

describe("releasebutler_generate_notes against the fake GitHub", () => {
  it("notes from the latest release to the default branch: release.yml categories, each PR once, contributors, SemVer", async () => {
    const n = await ok({ repo: REPO });
    expect(n.range).toMatchObject({ kind: "tags", from_tag: "v1.0.0", to_tag: "main", total_commits: 10, truncated: false });
    expect(n.range.compare_url).toMatch(/\/acme\/rel\/compare\/v1\.0\.0\.\.\.main$/);
    expect(numbers(n)).toEqual([
      ["Breaking Changes 🛠", [4]],
      ["Exciting New Features 🎉", [2]],
      ["Bug Fixes", [3]],
      ["Dependencies", [5]],
      ["Other Changes", [7]],
      ["Direct commits", ["docs: fix a typo in the README"]],
    ]);
    const prs = n.sections.flatMap((s) => s.entries.map((e) => e.pr_number)).filter((x) => x !== null);
    expect(new Set(prs).size).toBe(prs.length);
    expect(n.sections[0]!.entries[0]).toMatchObject({ pr_number: 4, author: "carol", breaking: true, labels: ["breaking-change"], url: `${web}/pull/4` });
    expect([...n.contributors].sort()).toEqual(["carol", "dave", "newbie", "returning"]);
    expect(n.new_contributors).toEqual([
      { login: "newbie", pr_number: 2 },
      { login: "carol", pr_number: 4 },
      { login: "dave", pr_number: 7 },
    ]);
    expect(n.semver).toEqual({ bump: "major", reason: "Breaking changes: #4.", next_version: "v2.0.0" });
    expect(n.notes.join("\n")).toMatch(/1 change\(s\) hidden by changelog\.exclude in \.github\/release\.yml/);

    const md = n.markdown;
    expect(md.startsWith("## What's Changed\n### Breaking Changes 🛠\n")).toBe(true);
    expect(md).toContain(`* feat\\(api\\)\\!: drop the v1 endpoints by @carol in ${web}/pull/4`);
    expect(md).toContain(`* chore\\(deps\\): bump lodash from 4\\.17\\.20 to 4\\.17\\.21 by dependabot\\[bot\\] in ${web}/pull/5`);
    expect(md).toContain("## New Contributors\n");
    expect(md).toContain(`* @newbie made their first contribution in ${web}/pull/2`);
    expect(md).not.toContain("@returning made");
    expect(md).not.toContain("internal tweak");
    expect(md).not.toMatch(/\]\(https:\/\/evil|<img|(?<!&#64;)@everyone|^# heading/m);
    expect(md.endsWith(`**Full Changelog**: ${n.range.compare_url}`)).toBe(true);
  });

  it("explicit to_tag: the previous SemVer release below it is the base, and next_version follows", async () => {
    const n = await ok({ repo: REPO, to_tag: "v1.1.0", group_by: "none", include_pr_links: false });
    expect(n.range).toMatchObject({ kind: "tags", from_tag: "v1.0.0", to_tag: "v1.1.0", total_commits: 10 });
    expect(n.semver).toMatchObject({ bump: "major", next_version: "v2.0.0" });
    expect(n.sections.map((s) => s.title)).toEqual(["What's Changed"]);
    expect(n.sections[0]!.entries.map((e) => e.pr_number)).toEqual([2, 3, 4, null, 5, 7]);
    expect(n.markdown).toContain("* feat: add search by @newbie in #2\n");
    expect(n.markdown).toContain("* @newbie made their first contribution in #2");
  });

  it("group_by conventional: Breaking Changes from `!`, then the Conventional Commits types", async () => {
    const n = await ok({ repo: REPO, from_tag: "v1.0.0", to_tag: "v1.1.0", group_by: "conventional" });
    expect(numbers(n)).toEqual([
      ["Breaking Changes", [4]],
      ["Features", [2]],
      ["Bug Fixes", [3]],
      ["Documentation", ["docs: fix a typo in the README"]],
      ["Chores", [5]],
      ["Other Changes", [7]],
    ]);
  });

  it("group_by paths: monorepo scopes; a PR touching two scopes is listed in both", async () => {
    const n = await ok({ repo: REPO, from_tag: "v1.0.0", to_tag: "v1.1.0", group_by: "paths" });
    expect(numbers(n)).toEqual([
      ["api", [3, 4]],
      ["ui", [2]],
      ["web", [4, 7]],
      ["(root)", ["docs: fix a typo in the README", 5]],
    ]);
  });

  it("without a release: the last fallback_window merged PRs, newest merged_at first, and says so", async () => {
    const n = await ok({ repo: EMPTY, fallback_window: 5, group_by: "none" });
    expect(n.range).toMatchObject({ kind: "fallback_window", from_tag: null, to_tag: "main", total_commits: null });
    expect(n.range.compare_url).toMatch(/\/acme\/norel\/commits\/main$/);
    expect(n.sections[0]!.entries.map((e) => e.pr_number)).toEqual([26, 27, 28, 29, 30]);
    expect(n.notes[0]).toMatch(/No earlier published release: these notes cover the last 5 pull requests merged into main/);
    expect(n.semver).toMatchObject({ bump: "patch", next_version: null });
    expect(n.new_contributors).toEqual([]);
  });

  it("an unknown tag is NOT_FOUND naming it", async () => {
    const r = await call({ repo: REPO, from_tag: "v9.9.9" });
    expect(errorCodeOf(r)).toBe("NOT_FOUND");
    expect(r.content[0]!.text).toMatch(/from_tag "v9\.9\.9" was not found in acme\/rel/);
    const bad = await call({ repo: REPO, to_tag: "v1..2" });
    expect(errorCodeOf(bad)).toBe("VALIDATION_ERROR");
    expect(errorCodeOf(await call({ repo: "acme/nope" }))).toBe("NOT_FOUND");
  });
});
