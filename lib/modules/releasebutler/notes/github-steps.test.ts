import { describe, expect, it } from "vitest";
import type { RepoClient } from "@/lib/github/github-access";
import type { CommitLike, PullLike } from "./change-item";
import { findNewContributors, MAX_CONTRIBUTOR_CHECKS } from "./find-new-contributors";
import { mapCommitsToPulls } from "./map-commits-to-pulls";
import { change } from "./test-changes";

const client = (rest: Record<string, Record<string, (p: never) => Promise<unknown>>>) => ({ owner: "acme", repo: "web", auth: "pat", octokit: { rest } }) as unknown as RepoClient;

describe("findNewContributors", () => {
  it("searches once per human author with their earliest PR's merge time; total_count 0 → new", async () => {
    const queries: string[] = [];
    const c = client({
      search: {
        issuesAndPullRequests: async (p: { q: string }) => {
          queries.push(p.q);
          return { data: { total_count: p.q.includes("author:old") ? 3 : 0 } };
        },
      },
    });
    const r = await findNewContributors(c, [
      change({ number: 9, author: "ada", at: "2026-03-02T10:00:00Z" }),
      change({ number: 7, author: "ada", at: "2026-03-01T10:00:00.123Z" }),
      change({ number: 8, author: "old", at: "2026-03-01T11:00:00Z" }),
      change({ number: 5, author: "dependabot[bot]", isBot: true }),
      change({ number: 6, author: "robot", isBot: true }),
      change({ number: null, author: "ghost-writer", at: "2026-03-01T09:00:00Z" }),
    ]);
    expect(queries).toEqual([
      "repo:acme/web is:pr is:merged author:ada merged:<2026-03-01T10:00:00Z",
      "repo:acme/web is:pr is:merged author:old merged:<2026-03-01T11:00:00Z",
    ]);
    expect(r).toEqual({ found: [{ login: "ada", pr_number: 7, url: "https://github.com/acme/web/pull/7" }], unchecked: 0 });
  });
  it("checks at most the cap, and a failing search stops the checks with a problem", async () => {
    let calls = 0;
    const c = client({ search: { issuesAndPullRequests: async () => (++calls === 3 ? Promise.reject(Object.assign(new Error("x"), { status: 500 })) : { data: { total_count: 0 } }) } });
    const many = Array.from({ length: MAX_CONTRIBUTOR_CHECKS + 5 }, (_, i) => change({ number: i + 1, author: `user${i}`, at: new Date(Date.UTC(2026, 0, 1, i)).toISOString() }));
    const r = await findNewContributors(c, many);
    expect(r.found.map((f) => f.login)).toEqual(["user0", "user1"]);
    expect(r.unchecked).toBe(MAX_CONTRIBUTOR_CHECKS + 5 - 2);
    expect(r.problem).toMatch(/did not answer/);
  });
});

describe("mapCommitsToPulls", () => {
  const commit = (sha: string, message: string, parents = 1): CommitLike => ({
    sha,
    html_url: `https://github.com/acme/web/commit/${sha}`,
    commit: { message, author: { name: "A", date: "2026-01-01T00:00:00Z" } },
    author: { login: "mona", type: "User" },
    parents: Array.from({ length: parents }, (_, i) => ({ sha: `p${i}` })),
  });
  const pr = (number: number, o: Partial<PullLike> = {}): PullLike => ({ number, title: `PR ${number}`, html_url: `https://github.com/acme/web/pull/${number}`, user: { login: "ada" }, merged_at: "2026-01-02T00:00:00Z", base: { ref: "main" }, ...o });

  it("maps merge, squash and rebase commits to their PR once, keeps direct commits, drops merge commits without a PR", async () => {
    const commits = [commit("a1", "one"), commit("a2", "two\n\nBREAKING CHANGE: x"), commit("m1", "Merge pull request #3", 2), commit("s1", "Squash (#4)"), commit("d1", "docs: direct"), commit("m2", "Merge branch 'x'", 2)];
    const answers: Record<string, PullLike[]> = {
      a1: [pr(3, { merge_commit_sha: "m1" }), pr(1, { merged_at: null })],
      a2: [pr(3, { merge_commit_sha: "m1" })],
      m1: [pr(3, { merge_commit_sha: "m1" })],
      // A PR into a release branch merged elsewhere does not count; the one merged into the range does.
      s1: [pr(9, { merge_commit_sha: "elsewhere", base: { ref: "release/1.x" } }), pr(4, { merge_commit_sha: "s1" })],
      d1: [],
      m2: [],
    };
    const c = client({ repos: { listPullRequestsAssociatedWithCommit: async (p: { commit_sha: string }) => ({ data: answers[p.commit_sha] }) } });
    const r = await mapCommitsToPulls(c, { commits, baseBranch: "main" });
    expect(r.pulls.map((p) => [p.number, p.messages.length])).toEqual([
      [3, 3],
      [4, 1],
    ]);
    expect(r.direct.map((d) => d.title)).toEqual(["docs: direct"]);
    expect(r.skippedMerges).toBe(1);
    expect(r.unchecked).toBe(0);
  });
});
