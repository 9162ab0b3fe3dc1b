import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import type { ChangeItem } from "./change-item";
import { mapBounded } from "./map-bounded";

/**
 * Most authors checked with a search each. GitHub's search API allows 30 requests a minute, and Octokit's throttling
 * plugin spaces searches 2 s apart (one at a time): 25 checks add up to ~50 s to a call.
 */
export const MAX_CONTRIBUTOR_CHECKS = 25;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

export type NewContributor = { login: string; pr_number: number; url: string };

/**
 * The authors whose first merged pull request in the repository is in `pulls`: for each (non-bot) author, their
 * earliest-merged PR here is found, then one search asks whether they had any PR merged before it —
 * `GET /search/issues?q=repo:o/r is:pr is:merged author:LOGIN merged:<MERGED_AT` — and `total_count: 0` makes them
 * new ("@login made their first contribution in #n", as GitHub's notes say). At most 25 authors are checked, those
 * with the earliest PRs first, one search at a time (Octokit spaces them 2 s apart); a search that fails (a login GitHub cannot search, a rate
 * limit) stops the checks rather than the notes, and `unchecked` counts the authors left undecided.
 */
export async function findNewContributors(client: RepoClient, pulls: ChangeItem[]): Promise<{ found: NewContributor[]; unchecked: number; problem?: string }> {
  const { octokit, owner, repo } = client;
  const first = new Map<string, ChangeItem>();
  for (const p of pulls) {
    if (p.kind !== "pull_request" || !p.isLogin || p.isBot || !LOGIN.test(p.author) || Number.isNaN(Date.parse(p.at))) continue;
    const seen = first.get(p.author.toLowerCase());
    if (!seen || p.at < seen.at) first.set(p.author.toLowerCase(), p);
  }
  const candidates = [...first.values()].sort((a, b) => (a.at < b.at ? -1 : 1));
  const checked = candidates.slice(0, MAX_CONTRIBUTOR_CHECKS);
  let problem: string | undefined;
  const verdicts = await mapBounded(checked, 1, async (p) => {
    if (problem) return undefined;
    const before = new Date(p.at).toISOString().replace(/\.\d{3}Z$/, "Z");
    try {
      const q = `repo:${owner}/${repo} is:pr is:merged author:${p.author} merged:<${before}`;
      const { data } = await octokit.rest.search.issuesAndPullRequests({ q, per_page: 1 });
      return data.total_count === 0;
    } catch (e) {
      problem ??= mapGitHubError(e, { target: `the pull request search of ${owner}/${repo}` }).message;
      return undefined;
    }
  });
  const found = checked.filter((_, i) => verdicts[i] === true).map((p) => ({ login: p.author, pr_number: p.number!, url: p.url }));
  const unchecked = candidates.length - verdicts.filter((v) => v !== undefined).length;
  return { found: found.sort((a, b) => a.pr_number - b.pr_number), unchecked, ...(problem ? { problem } : {}) };
}
