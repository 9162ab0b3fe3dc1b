import { createHash } from "node:crypto";
import { fixture, type Json } from "./fixtures";
import { type FakeContext, nodeId } from "./http";
import { renderUser, set } from "./render-repos";
import { type FakeCommit, userOf } from "./state";

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
const num = (s: string, mod: number) => Number.parseInt(sha1(s).slice(0, 6), 16) % mod;

/** A commit's git identity: the user's name (else login) and GitHub's noreply address. */
function identity(f: FakeContext, c: FakeCommit) {
  const u = userOf(f.state, c.author);
  return { name: u.name ?? c.author, email: `${u.id}+${c.author}@users.noreply.github.com`, date: c.date };
}

/** A changed file (`diff-entry`): status `modified`, line counts derived from the path and commit. */
export function renderDiffEntry(f: FakeContext, repo: string, path: string, ref: string): Json {
  const additions = 1 + num(`${ref}:${path}:+`, 40);
  const deletions = num(`${ref}:${path}:-`, 20);
  const enc = path.split("/").map(encodeURIComponent).join("/");
  return set(fixture("diff-entry", f.apiUrl), {
    sha: sha1(`blob ${ref}:${path}`),
    filename: path,
    status: "modified",
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${f.apiUrl}/${repo}/blob/${ref}/${enc}`,
    raw_url: `${f.apiUrl}/${repo}/raw/${ref}/${enc}`,
    contents_url: `${f.apiUrl}/repos/${repo}/contents/${enc}?ref=${ref}`,
    patch: `@@ -1,${deletions} +1,${additions} @@`,
  });
}

/**
 * A commit from GitHub's `commit` example: the list form (compare, `base_commit`) without `stats` and `files`, or the
 * full form of `GET /repos/{o}/{r}/commits/{ref}` with them.
 */
export function renderCommit(f: FakeContext, c: FakeCommit, full = false): Json {
  const api = `${f.apiUrl}/repos/${c.repo}`;
  const who = identity(f, c);
  const t = fixture("commit", f.apiUrl);
  const commit = t.commit as Json;
  set(commit, { url: `${api}/git/commits/${c.sha}`, author: who, committer: who, message: c.message, tree: { sha: sha1(`tree ${c.sha}`), url: `${api}/git/trees/${sha1(`tree ${c.sha}`)}` }, comment_count: 0 });
  set(t, {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: nodeId("C", num(c.sha, 1e9)),
    html_url: `${f.apiUrl}/${c.repo}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    author: renderUser(f, c.author),
    committer: renderUser(f, c.author),
    parents: c.parents.map((p) => ({ url: `${api}/commits/${p}`, html_url: `${f.apiUrl}/${c.repo}/commit/${p}`, sha: p })),
  });
  if (!full) {
    delete t.stats;
    delete t.files;
    return t;
  }
  const files = c.files.map((p) => renderDiffEntry(f, c.repo, p, c.sha));
  const additions = files.reduce((n, x) => n + (x.additions as number), 0);
  const deletions = files.reduce((n, x) => n + (x.deletions as number), 0);
  return set(t, { stats: { additions, deletions, total: additions + deletions }, files });
}

/** A git reference (`git-ref`): `refs/tags/v1.0.0` → its commit. */
export function renderRef(f: FakeContext, repo: string, ref: string, sha: string): Json {
  const api = `${f.apiUrl}/repos/${repo}`;
  return set(fixture("git-ref", f.apiUrl), {
    ref,
    node_id: Buffer.from(`03:Ref${ref}`).toString("base64"),
    url: `${api}/git/${ref}`,
    object: { type: "commit", sha, url: `${api}/git/commits/${sha}` },
  });
}

/** A file of the contents API (`content-file`): base64 wrapped at 60 characters as GitHub sends it; git blob sha. */
export function renderContentFile(f: FakeContext, repo: string, path: string, content: string, ref: string): Json {
  const bytes = Buffer.from(content, "utf8");
  const sha = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
  const api = `${f.apiUrl}/repos/${repo}`;
  const enc = path.split("/").map(encodeURIComponent).join("/");
  const html = `${f.apiUrl}/${repo}/blob/${ref}/${enc}`;
  return set(fixture("content-file", f.apiUrl), {
    type: "file",
    encoding: "base64",
    size: bytes.length,
    name: path.split("/").pop(),
    path,
    content: bytes.length ? (bytes.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n" : "",
    sha,
    url: `${api}/contents/${enc}?ref=${ref}`,
    git_url: `${api}/git/blobs/${sha}`,
    html_url: html,
    download_url: `${f.apiUrl}/${repo}/raw/${ref}/${enc}`,
    _links: { git: `${api}/git/blobs/${sha}`, self: `${api}/contents/${enc}?ref=${ref}`, html },
  });
}
