import { Octokit } from "octokit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawFixture } from "./fixtures";
import { type FakeGitHub, startFakeGitHub } from "./index";

const REPO = "acme/cli";
const owner = "acme";
const repo = "cli";
const DAY = 86_400_000;
const T0 = Date.parse("2026-04-01T00:00:00Z");
let gh: FakeGitHub;
const shas: string[] = [];

const kit = (token = "ghp_all") => new Octokit({ baseUrl: gh.apiUrl, auth: token, retry: { enabled: false }, throttle: { enabled: false } });
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number }) => e.status);
const keys = (o: object) => Object.keys(o).sort();

beforeAll(async () => {
  gh = await startFakeGitHub({ seed: "empty" });
  gh.addToken("ghp_all", { login: "mona", kind: "pat" });
  gh.addToken("ghp_contents", { login: "mona", kind: "pat", permissions: { contents: "read" } });
  gh.addRepo({ owner, name: repo });
  // v1.0.0, then 300 commits to v2.0.0 on main, 60 s apart; a feature branch off v1.0.0.
  shas.push(gh.addCommit({ repo: REPO, message: "Initial commit", author: "mona", dateMs: T0 }));
  gh.addTag({ repo: REPO, tag: "v1.0.0", sha: shas[0]! });
  for (let i = 1; i <= 300; i++) shas.push(gh.addCommit({ repo: REPO, message: `Change ${i}\n\nBody ${i}`, author: i % 10 ? "alice" : "dependabot[bot]", dateMs: T0 + i * 60_000, files: [`src/f${i % 7}.ts`] }));
  gh.addTag({ repo: REPO, tag: "v2.0.0", sha: shas[300]! });
  gh.addCommit({ repo: REPO, branch: "feature/x", message: "Feature", author: "bob", dateMs: T0 + DAY, parents: [shas[0]!] });
});
afterAll(async () => gh.close());

describe("compare", () => {
  it("compares two tags: ahead, oldest first, the 250 newest without paging params", async () => {
    const r = await kit().rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: "v1.0.0...v2.0.0" });
    expect(r.data).toMatchObject({ status: "ahead", ahead_by: 300, behind_by: 0, total_commits: 300, base_commit: { sha: shas[0] }, merge_base_commit: { sha: shas[0] } });
    expect(r.data.html_url).toBe(`https://github.com/${REPO}/compare/v1.0.0...v2.0.0`);
    expect(r.data.permalink_url).toBe(`https://github.com/${REPO}/compare/acme:${shas[0]}...acme:${shas[300]}`);
    expect(r.data.commits).toHaveLength(250);
    expect(r.data.commits.at(-1)!.sha).toBe(shas[300]);
    expect(r.data.commits[0]!.sha).toBe(shas[51]);
    expect(r.headers.link).toBeUndefined();
    const c = r.data.commits.at(-1)!;
    expect(c).toMatchObject({ commit: { message: "Change 300\n\nBody 300", author: { name: "dependabot[bot]", date: "2026-04-01T05:00:00Z" } }, author: { login: "dependabot[bot]", type: "Bot" }, parents: [{ sha: shas[299] }] });
    expect(r.data.files!.map((f) => f.filename).sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `src/f${i}.ts`));
    expect(keys(r.data)).toEqual(keys(rawFixture("commit-comparison")));
    expect(keys(c)).toEqual(keys(rawFixture("commit")).filter((k) => k !== "stats" && k !== "files"));
  });

  it("pages commits with per_page and a Link header; files on the first page only", async () => {
    const pages = [];
    for await (const p of kit().paginate.iterator(kit().rest.repos.compareCommitsWithBasehead, { owner, repo, basehead: "v1.0.0...v2.0.0", per_page: 100 })) pages.push(p);
    expect(pages).toHaveLength(3);
    expect(pages[0]!.headers.link).toMatch(/page=2>; rel="next"/);
    const all = pages.flatMap((p) => (p.data as unknown as { commits: { sha: string }[] }).commits.map((c) => c.sha));
    expect(all).toEqual(shas.slice(1));
    expect(pages.map((p) => (p.data as unknown as { files: unknown[] }).files.length)).toEqual([7, 0, 0]);
  });

  it("answers behind, diverged and identical; branch names with slashes; 404 for unknown refs", async () => {
    const cmp = async (basehead: string) => (await kit().rest.repos.compareCommitsWithBasehead({ owner, repo, basehead })).data;
    expect(await cmp("v2.0.0...v1.0.0")).toMatchObject({ status: "behind", ahead_by: 0, behind_by: 300, commits: [] });
    expect(await cmp("main...feature/x")).toMatchObject({ status: "diverged", ahead_by: 1, behind_by: 300, merge_base_commit: { sha: shas[0] } });
    expect(await cmp(`v2.0.0...${shas[300]!.slice(0, 7)}`)).toMatchObject({ status: "identical", total_commits: 0 });
    const err = await kit().rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: "v1.0.0...v9" }).catch((e: { status: number; response: { data: unknown } }) => e);
    expect(err).toMatchObject({ status: 404, response: { data: { message: "Not Found" } } });
  });
});

describe("commits, refs and contents", () => {
  it("gets one commit (stats, files), git refs and matching refs", async () => {
    const c = (await kit().rest.repos.getCommit({ owner, repo, ref: "v2.0.0" })).data;
    expect(c).toMatchObject({ sha: shas[300], files: [{ filename: "src/f6.ts", status: "modified" }] });
    expect(c.stats!.total).toBe(c.files![0]!.changes);
    expect(keys(c)).toEqual(keys(rawFixture("commit")));
    expect(await status(kit().rest.repos.getCommit({ owner, repo, ref: "nope" }))).toBe(422);
    expect((await kit().rest.git.getRef({ owner, repo, ref: "tags/v1.0.0" })).data).toMatchObject({ ref: "refs/tags/v1.0.0", object: { type: "commit", sha: shas[0] } });
    expect(await status(kit().rest.git.getRef({ owner, repo, ref: "tags/v7" }))).toBe(404);
    expect((await kit().rest.git.listMatchingRefs({ owner, repo, ref: "tags/v" })).data.map((r) => r.ref)).toEqual(["refs/tags/v1.0.0", "refs/tags/v2.0.0"]);
  });

  it("serves files base64 (any ref), raw on request, directories, 404 when absent", async () => {
    gh.setFile({ repo: REPO, path: ".github/release.yml", content: "changelog:\n  exclude:\n    labels: [skip-changelog]\n" });
    const r = await kit("ghp_contents").rest.repos.getContent({ owner, repo, path: ".github/release.yml", ref: "v1.0.0" });
    const file = r.data as { type: string; encoding: string; content: string; sha: string; name: string };
    expect(file).toMatchObject({ type: "file", encoding: "base64", name: "release.yml" });
    expect(Buffer.from(file.content, "base64").toString()).toContain("skip-changelog");
    expect(file.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(keys(file)).toEqual(keys(rawFixture("content-file")));
    const raw = await kit().rest.repos.getContent({ owner, repo, path: ".github/release.yml", mediaType: { format: "raw" } });
    expect(String(raw.data)).toContain("exclude:");
    expect((await kit().rest.repos.getContent({ owner, repo, path: ".github" })).data).toMatchObject([{ name: "release.yml", type: "file" }]);
    expect(await status(kit().rest.repos.getContent({ owner, repo, path: ".github/release.yaml" }))).toBe(404);
    expect(await status(kit().rest.repos.getContent({ owner, repo, path: ".github/release.yml", ref: "v9" }))).toBe(404);
  });
});

describe("merged pull requests", () => {
  beforeAll(() => {
    gh.addMergedPullRequest({ repo: REPO, number: 11, title: "Squashed feature", author: "alice", labels: ["feature"], mergeCommitSha: shas[10]!, files: ["src/a.ts", "docs/b.md"], mergedAtMs: T0 + 10 * 60_000 });
    gh.addMergedPullRequest({ repo: REPO, number: 12, title: "Rebased fix", author: "bob", mergeCommitSha: shas[22]!, commitShas: [shas[21]!, shas[22]!] });
    gh.addMergedPullRequest({ repo: REPO, number: 13, title: "Bump vitest", author: "dependabot[bot]", authorType: "Bot", labels: ["dependencies"], mergeCommitSha: shas[30]!, mergedAtMs: Date.parse("2026-05-02T00:00:00Z") });
    gh.addPullRequest({ repo: REPO, number: 14, title: "Open one", headRef: "feature/x", headSha: "f".repeat(40), baseRef: "main" });
  });

  it("lists the pull requests of a commit (merge commit or own commits); 422 for an unknown sha", async () => {
    const of = async (sha: string) => (await kit().rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha })).data;
    expect((await of(shas[10]!)).map((p) => [p.number, p.merged_at, p.merge_commit_sha])).toEqual([[11, "2026-04-01T00:10:00Z", shas[10]]]);
    expect((await of(shas[21]!)).map((p) => p.number)).toEqual([12]);
    expect(await of(shas[5]!)).toEqual([]);
    expect((await of("feature/x")).map((p) => p.number)).toEqual([14]);
    expect(await status(of("0".repeat(40)))).toBe(422);
    expect(await status(kit("ghp_contents").rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: shas[10]! }))).toBe(403);
  });

  it("lists closed pull requests with merged_at, labels and bot users; gets one merged and its files", async () => {
    const closed = (await kit().rest.pulls.list({ owner, repo, state: "closed", sort: "created", direction: "asc" })).data;
    expect(closed.map((p) => p.number)).toEqual([11, 12, 13]);
    expect(closed[2]).toMatchObject({ user: { login: "dependabot[bot]", type: "Bot" }, labels: [{ name: "dependencies" }], merged_at: "2026-05-02T00:00:00Z", state: "closed" });
    expect((await kit().rest.pulls.list({ owner, repo })).data.map((p) => p.number)).toEqual([14]);
    expect((await kit().rest.pulls.list({ owner, repo, state: "all", base: "main" })).data).toHaveLength(4);
    expect(await status(kit().request("GET /repos/{owner}/{repo}/pulls", { owner, repo, sort: "bogus" as never }))).toBe(422);
    const pr = (await kit().rest.pulls.get({ owner, repo, pull_number: 12 })).data;
    expect(pr).toMatchObject({ merged: true, merge_commit_sha: shas[22], commits: 2, base: { ref: "main" }, head: { sha: shas[22] } });
    const files = (await kit().rest.pulls.listFiles({ owner, repo, pull_number: 11 })).data;
    expect(files.map((f) => [f.filename, f.status])).toEqual([["src/a.ts", "modified"], ["docs/b.md", "modified"]]);
  });

  it("searches is:merged / is:unmerged with merged:<date and author: (app/ for bots)", async () => {
    const q = async (s: string) => (await kit().rest.search.issuesAndPullRequests({ q: s })).data;
    const before = await q(`repo:${REPO} is:pr is:merged author:alice merged:<2026-05-01T00:00:00Z`);
    expect(before.total_count).toBe(1);
    expect(before.items[0]).toMatchObject({ number: 11, pull_request: { merged_at: "2026-04-01T00:10:00Z" } });
    expect((await q(`repo:${REPO} is:merged author:dependabot[bot] merged:<2026-05-01`)).total_count).toBe(0);
    expect((await q(`repo:${REPO} is:merged author:app/dependabot merged:>=2026-05-01`)).items.map((i) => i.number)).toEqual([13]);
    expect((await q(`repo:${REPO} is:pr is:unmerged`)).items.map((i) => i.number)).toEqual([14]);
    expect((await q(`repo:${REPO} is:merged merged:<=2026-04-01`)).items.map((i) => i.number).sort()).toEqual([11, 12]);
  });
});
