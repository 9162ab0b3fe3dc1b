import { requireRepo } from "../access";
import { fixture } from "../fixtures";
import { branchesOf, compareCommits, repoKey, resolveRef, tagsOf } from "../git-graph";
import { arrayReply, type Ctx, errorBody, type Handler, HttpError, notFound, paginate, type Route, route } from "../http";
import { renderPull } from "../render-issues";
import { renderCommit, renderContentFile, renderDiffEntry, renderRef } from "../render-git";
import { set } from "../render-repos";
import type { FakeRepo } from "../state";

const R = "/repos/:owner/:repo";

/** A route whose last parameter spans the rest of the path (`contents/{path}`, `git/ref/{ref}`), URL-decoded. */
function restRoute(method: string, middle: string, key: string, handler: Handler): Route {
  return { method, regex: new RegExp(`^/repos/([^/]+)/([^/]+)/${middle}/(.*)$`), keys: ["owner", "repo", key], auth: "token", handler };
}

const noCommit = (ref: string) => new HttpError(422, { message: `No commit found for SHA: ${ref}`, documentation_url: "https://docs.github.com/rest/commits/commits#get-a-commit", status: "422" });

/**
 * `GET …/compare/{base}...{head}`: `git log base..head` oldest first. Without `page`/`per_page` the 250 newest commits
 * in one page (no Link); with either, pages of `per_page` (default 30, at most 100) with a Link header, and `files`
 * (at most 300) on the first page only. 404 for an unknown ref or unrelated histories.
 */
function compare(ctx: Ctx) {
  const repo = requireRepo(ctx, "contents");
  const { state, apiUrl } = ctx.fake;
  const basehead = ctx.params.basehead!;
  const dots = basehead.indexOf("...");
  if (dots <= 0) throw notFound();
  const [baseRef, headRef] = [basehead.slice(0, dots), basehead.slice(dots + 3)];
  const base = resolveRef(state, repo, baseRef);
  const head = resolveRef(state, repo, headRef);
  if (!base || !head) throw notFound();
  const { ahead, behindBy, mergeBase } = compareCommits(state, base, head);
  if (!mergeBase) throw new HttpError(404, errorBody(404, `No common ancestor between ${baseRef} and ${headRef}.`));
  const paged = ctx.query.has("page") || ctx.query.has("per_page");
  const page = paged ? paginate(ctx, ahead) : { items: ahead.slice(-250), headers: {} };
  const first = !paged || !(Number(ctx.query.get("page")) > 1);
  const files = first ? [...new Set(ahead.flatMap((c) => c.files))].slice(0, 300) : [];
  const key = repoKey(repo);
  const web = `https://github.com/${key}/compare`;
  const status = ahead.length && behindBy ? "diverged" : ahead.length ? "ahead" : behindBy ? "behind" : "identical";
  const body = set(fixture("commit-comparison", apiUrl), {
    url: `${apiUrl}/repos/${key}/compare/${basehead}`,
    html_url: `${web}/${basehead}`,
    permalink_url: `${web}/${repo.owner}:${base}...${repo.owner}:${head}`,
    diff_url: `${web}/${basehead}.diff`,
    patch_url: `${web}/${basehead}.patch`,
    base_commit: renderCommit(ctx.fake, state.commits.get(base)!),
    merge_base_commit: renderCommit(ctx.fake, state.commits.get(mergeBase)!),
    status,
    ahead_by: ahead.length,
    behind_by: behindBy,
    total_commits: ahead.length,
    commits: page.items.map((c) => renderCommit(ctx.fake, c)),
    files: files.map((p) => renderDiffEntry(ctx.fake, key, p, head)),
  });
  return { status: 200, headers: page.headers, body };
}

/** `GET …/commits/{ref}`: the commit with `stats` and `files`; `Accept: application/vnd.github.sha` → the bare sha. */
function getCommit(ctx: Ctx) {
  const repo = requireRepo(ctx, "contents");
  const sha = resolveRef(ctx.fake.state, repo, ctx.params.ref!);
  if (!sha) throw noCommit(ctx.params.ref!);
  if (/vnd\.github(\.v3)?\.sha/.test(String(ctx.headers.accept ?? ""))) return { status: 200, raw: sha, headers: { "content-type": "application/vnd.github.sha; charset=utf-8" } };
  return { status: 200, body: renderCommit(ctx.fake, ctx.fake.state.commits.get(sha)!, true) };
}

/**
 * `GET …/commits/{sha}/pulls`: the pull requests a commit belongs to — merged ones by merge commit, own commits or
 * head, open ones by head — or those whose head is the branch `{sha}` names. 422 for an unknown commit.
 */
function commitPulls(ctx: Ctx) {
  const repo = requireRepo(ctx, "pull_requests");
  const { state } = ctx.fake;
  const ref = ctx.params.commit_sha!;
  const sha = resolveRef(state, repo, ref) ?? ref.toLowerCase();
  const branch = branchesOf(state, repo).has(ref) ? ref : null;
  const pulls = state.issues
    .filter((i) => i.repo === repoKey(repo) && i.pull)
    .filter(({ pull: p }) => p!.mergeCommitSha === sha || p!.commitShas?.includes(sha) || p!.headSha === sha || p!.headRef === branch)
    .sort((a, b) => a.number - b.number);
  if (!pulls.length && !state.commits.has(sha) && !branch) throw noCommit(ref);
  return arrayReply(ctx, pulls, (i) => renderPull(ctx.fake, i, "pull-request-simple"));
}

/** Every `refs/heads/*` and `refs/tags/*` of the repository, sorted. */
function allRefs(ctx: Ctx, repo: FakeRepo): [string, string][] {
  const { state } = ctx.fake;
  const heads = [...branchesOf(state, repo)].map(([b, s]) => [`refs/heads/${b}`, s] as [string, string]);
  const tags = [...tagsOf(state, repo)].map(([t, s]) => [`refs/tags/${t}`, s] as [string, string]);
  return [...heads, ...tags].sort(([a], [b]) => a.localeCompare(b));
}

/** `GET …/contents/{path}` (`ref` optional): a file (base64), a directory listing, or 404; files live at every ref. */
function contents(ctx: Ctx) {
  const repo = requireRepo(ctx, "contents");
  const { state } = ctx.fake;
  const ref = ctx.query.get("ref");
  if (ref && !resolveRef(state, repo, ref)) throw new HttpError(404, errorBody(404, `No commit found for the ref ${ref}`));
  const at = ref ?? repo.defaultBranch;
  const files = state.files.get(repoKey(repo)) ?? new Map<string, string>();
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const content = files.get(path);
  if (content !== undefined) {
    if (/vnd\.github(\.v3)?\.raw/.test(String(ctx.headers.accept ?? ""))) return { status: 200, raw: content, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
    return { status: 200, body: renderContentFile(ctx.fake, repoKey(repo), path, content, at) };
  }
  const prefix = path ? `${path}/` : "";
  const names = new Map<string, "file" | "dir">();
  for (const p of files.keys()) if (p.startsWith(prefix)) names.set(p.slice(prefix.length).split("/")[0]!, p.slice(prefix.length).includes("/") ? "dir" : "file");
  if (!names.size) throw notFound();
  const entries = [...names].sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => {
    const item = renderContentFile(ctx.fake, repoKey(repo), prefix + name, files.get(prefix + name) ?? "", at);
    delete item.content;
    delete item.encoding;
    return type === "dir" ? { ...item, type, size: 0, download_url: null } : item;
  });
  return { status: 200, body: entries };
}

/** Comparisons, commits, the pull requests of a commit, git refs and file contents (`contents: read`). */
export const gitRoutes: Route[] = [
  restRoute("GET", "compare", "basehead", compare),
  route("GET", `${R}/commits/:commit_sha/pulls`, "token", commitPulls),
  route("GET", `${R}/commits/:ref`, "token", getCommit),
  restRoute("GET", "git/ref", "ref", (ctx) => {
    const repo = requireRepo(ctx, "contents");
    const found = allRefs(ctx, repo).find(([r]) => r === `refs/${ctx.params.ref}`);
    if (!found) throw notFound();
    return { status: 200, body: renderRef(ctx.fake, repoKey(repo), found[0], found[1]) };
  }),
  restRoute("GET", "git/matching-refs", "ref", (ctx) => {
    const repo = requireRepo(ctx, "contents");
    const list = allRefs(ctx, repo).filter(([r]) => r.startsWith(`refs/${ctx.params.ref}`));
    return arrayReply(ctx, list, ([r, s]) => renderRef(ctx.fake, repoKey(repo), r, s));
  }),
  route("GET", `${R}/contents`, "token", contents),
  restRoute("GET", "contents", "path", contents),
];
