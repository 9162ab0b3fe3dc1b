import type { RepoClient } from "@/lib/github/github-access";
import { mapGitHubError } from "@/lib/github/map-github-error";
import { hasMarker, MARKER_LABEL, markerFor } from "./issue-marker";

/** Pages of labelled open issues read at most (100 each) before falling back to search. */
const MAX_PAGES = 10;

export type MarkedIssue = { number: number; html_url: string; title: string };

/**
 * The open issue carrying an identity's marker, or null. First the open issues labelled `omniaudit`
 * (`GET /repos/{owner}/{repo}/issues?labels=omniaudit&state=open`, newest first, up to 1 000 — a read of the issues
 * themselves, consistent the moment an issue is created, which is what makes a retry after a lost response safe);
 * then, when none matches, GitHub's issue search for the marker text (`GET /search/issues`, `in:body`), which also
 * finds issues someone took the label off. Pull requests in the listing are skipped. Search is eventually consistent
 * and may be refused for fine-grained tokens; its failure is ignored (the labelled listing already answered).
 * @throws AppError from `mapGitHubError` when the listing itself fails.
 */
export async function findMarkedIssue(client: RepoClient, fingerprint: string): Promise<MarkedIssue | null> {
  const { octokit, owner, repo } = client;
  try {
    let pages = 0;
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, { owner, repo, state: "open", labels: MARKER_LABEL, sort: "created", direction: "desc", per_page: 100 })) {
      const hit = page.data.find((i) => !i.pull_request && hasMarker(i.body, fingerprint));
      if (hit) return { number: hit.number, html_url: hit.html_url, title: hit.title };
      if (++pages >= MAX_PAGES) break;
    }
  } catch (e) {
    throw mapGitHubError(e, { target: `the open issues of ${owner}/${repo}` });
  }
  try {
    const q = `repo:${owner}/${repo} is:issue is:open in:body "${markerFor(fingerprint).replace(/^<!-- | -->$/g, "")}"`;
    const found = await octokit.rest.search.issuesAndPullRequests({ q, per_page: 20 });
    const hit = found.data.items.find((i) => !i.pull_request && hasMarker(i.body, fingerprint));
    return hit ? { number: hit.number, html_url: hit.html_url, title: hit.title } : null;
  } catch {
    return null;
  }
}
