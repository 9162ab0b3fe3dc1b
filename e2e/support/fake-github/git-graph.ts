import { createHash } from "node:crypto";
import { iso } from "./http";
import type { FakeCommit, FakeRepo, FakeState } from "./state";
import { userOf } from "./state";

/** The state key of a repository: `owner/name` as stored. */
export const repoKey = (r: FakeRepo) => `${r.owner}/${r.name}`;

function mapOf<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = m.get(key);
  if (!inner) m.set(key, (inner = new Map()));
  return inner;
}

/** Branch → head sha of a repository (created empty). */
export const branchesOf = (state: FakeState, repo: FakeRepo) => mapOf(state.branches, repoKey(repo));
/** Tag → sha of a repository (created empty). */
export const tagsOf = (state: FakeState, repo: FakeRepo) => mapOf(state.tags, repoKey(repo));

let seq = 0;

/**
 * Record a commit (its parents must exist) and return it; the sha is a sha1 of its fields and a process-wide
 * sequence number, so equal inputs still give distinct commits.
 */
export function newCommit(state: FakeState, repo: FakeRepo, o: { message: string; author: string; authorType?: "User" | "Bot"; dateMs?: number; parents: string[]; files?: string[] }): FakeCommit {
  for (const p of o.parents) if (state.commits.get(p)?.repo !== repoKey(repo)) throw new Error(`commit parent ${p} is not a commit of ${repoKey(repo)}`);
  const user = userOf(state, o.author);
  if (o.authorType) user.type = o.authorType;
  const date = iso(o.dateMs ?? Date.now());
  const n = ++seq;
  const sha = createHash("sha1").update(`${repoKey(repo)}\n${o.parents.join(",")}\n${o.author}\n${date}\n${o.message}\n${n}`).digest("hex");
  const commit: FakeCommit = { sha, repo: repoKey(repo), message: o.message, author: o.author, authorType: user.type === "Bot" ? "Bot" : "User", date, parents: o.parents, files: o.files ?? [], seq: n };
  state.commits.set(sha, commit);
  return commit;
}

/**
 * The head of `branch` (default: the default branch). An empty default branch gets an "Initial commit" by the owner
 * at the repository's creation on first use, so releases and tags work on repositories no test gave commits.
 */
export function headOf(state: FakeState, repo: FakeRepo, branch = repo.defaultBranch): string | undefined {
  const branches = branchesOf(state, repo);
  if (!branches.has(branch) && branch === repo.defaultBranch && branches.size === 0) {
    const c = newCommit(state, repo, { message: "Initial commit", author: repo.owner, dateMs: Date.parse(repo.createdAt), parents: [] });
    branches.set(branch, c.sha);
  }
  return branches.get(branch);
}

/**
 * A ref as GitHub resolves one in a path or `target_commitish`: `refs/tags/x`, `tags/x`, `refs/heads/x`, `heads/x`,
 * a tag, a branch (tags first, as git's rev-parse), a full or abbreviated (≥ 7 hex) sha, optionally `owner:` first.
 * @returns the commit sha, or null.
 */
export function resolveRef(state: FakeState, repo: FakeRepo, ref: string): string | null {
  let r = ref;
  const colon = r.indexOf(":");
  if (colon > 0) {
    if (r.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) return null;
    r = r.slice(colon + 1);
  }
  const tags = tagsOf(state, repo);
  const tagged = /^(?:refs\/)?tags\/(.+)$/.exec(r);
  if (tagged) return tags.get(tagged[1]!) ?? null;
  const headed = /^(?:refs\/)?heads\/(.+)$/.exec(r);
  if (headed) return headOf(state, repo, headed[1]!) ?? null;
  const named = tags.get(r) ?? headOf(state, repo, r);
  if (named) return named;
  if (!/^[0-9a-f]{7,40}$/i.test(r)) return null;
  const lower = r.toLowerCase();
  const key = repoKey(repo);
  const exact = state.commits.get(lower);
  if (exact) return exact.repo === key ? exact.sha : null;
  const hits = [...state.commits.values()].filter((c) => c.repo === key && c.sha.startsWith(lower));
  return hits.length === 1 ? hits[0]!.sha : null;
}

/** `sha` and every commit reachable from it. */
export function ancestors(state: FakeState, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const p of state.commits.get(s)?.parents ?? []) stack.push(p);
  }
  return seen;
}

/** Commits in chronological order that never lists a commit before its parents (Kahn's algorithm, oldest first). */
function chronological(state: FakeState, shas: Set<string>): FakeCommit[] {
  const commits = [...shas].map((s) => state.commits.get(s)!);
  const waiting = new Map(commits.map((c) => [c.sha, c.parents.filter((p) => shas.has(p)).length]));
  const children = new Map<string, FakeCommit[]>();
  for (const c of commits) for (const p of c.parents) if (shas.has(p)) children.set(p, [...(children.get(p) ?? []), c]);
  const ready = commits.filter((c) => waiting.get(c.sha) === 0);
  const out: FakeCommit[] = [];
  const before = (a: FakeCommit, b: FakeCommit) => a.date.localeCompare(b.date) || a.seq - b.seq;
  while (ready.length) {
    ready.sort(before);
    const c = ready.shift()!;
    out.push(c);
    for (const child of children.get(c.sha) ?? []) {
      const left = waiting.get(child.sha)! - 1;
      waiting.set(child.sha, left);
      if (left === 0) ready.push(child);
    }
  }
  return out;
}

/** `git log base..head` (oldest first), how far `base` is ahead, and the merge base (null: unrelated histories). */
export function compareCommits(state: FakeState, base: string, head: string): { ahead: FakeCommit[]; behindBy: number; mergeBase: string | null } {
  const headSet = ancestors(state, head);
  const baseSet = ancestors(state, base);
  const ahead = new Set([...headSet].filter((s) => !baseSet.has(s)));
  // The common ancestor inserted last descends from no other common ancestor: a best merge base.
  let mergeBase: FakeCommit | null = null;
  for (const s of headSet) {
    const c = state.commits.get(s)!;
    if (baseSet.has(s) && (!mergeBase || c.seq > mergeBase.seq)) mergeBase = c;
  }
  const behindBy = [...baseSet].filter((s) => !headSet.has(s)).length;
  return { ahead: chronological(state, ahead), behindBy, mergeBase: mergeBase?.sha ?? null };
}
