import { findRepo } from "./access";
import { branchesOf, headOf, newCommit, repoKey, resolveRef, tagsOf } from "./git-graph";
import { iso } from "./http";
import { ensureTag, newAsset, tagTaken } from "./release-ops";
import { type FakeAssetInput, type FakeRelease, type FakeRepo, type FakeState, userOf } from "./state";

function repoOf(state: FakeState, name: string, what: string): FakeRepo {
  const repo = findRepo(state, name);
  if (!repo) throw new Error(`${what}: no repository ${name}`);
  return repo;
}

/**
 * Add a commit on `branch` (default: the default branch). Its parent is the branch's head — a new branch forks from
 * the default branch's head, an empty default branch starts with a root commit — unless `parents` is given; the branch
 * then points at it. @returns its 40-hex sha.
 */
export function addCommit(state: FakeState, o: { repo: string; branch?: string; message: string; author: string; authorType?: "User" | "Bot"; dateMs?: number; files?: string[]; parents?: string[] }): string {
  const repo = repoOf(state, o.repo, "addCommit");
  const branch = o.branch ?? repo.defaultBranch;
  const branches = branchesOf(state, repo);
  const parents = o.parents ?? [branches.get(branch) ?? branches.get(repo.defaultBranch)].filter((s): s is string => !!s);
  const c = newCommit(state, repo, { ...o, parents });
  branches.set(branch, c.sha);
  return c.sha;
}

/** A lightweight tag `refs/tags/<tag>` at `sha` (a commit of the repository), replacing any tag of that name. */
export function addTag(state: FakeState, o: { repo: string; tag: string; sha: string }): void {
  const repo = repoOf(state, o.repo, "addTag");
  const sha = resolveRef(state, repo, o.sha);
  if (!sha) throw new Error(`addTag: ${o.sha} is not a commit of ${o.repo}`);
  tagsOf(state, repo).set(o.tag, sha);
}

/**
 * A merged (closed) pull request, merged at `mergedAtMs` (default: its merge commit's date, else now), opened a day
 * before; `headRef` defaults to `pr-<number>`, `baseRef` to the default branch, the head sha to the last of
 * `commitShas` (else the merge commit).
 */
export function addMergedPullRequest(
  state: FakeState,
  o: { repo: string; number: number; title: string; author: string; authorType?: "User" | "Bot"; labels?: string[]; body?: string; mergedAtMs?: number; mergeCommitSha: string; commitShas?: string[]; baseRef?: string; headRef?: string; files?: string[] },
): void {
  const repo = repoOf(state, o.repo, "addMergedPullRequest");
  const key = repoKey(repo);
  if (state.issues.some((i) => i.repo === key && i.number === o.number)) throw new Error(`addMergedPullRequest: #${o.number} exists in ${key}`);
  const user = userOf(state, o.author);
  if (o.authorType) user.type = o.authorType;
  const commitDate = state.commits.get(o.mergeCommitSha)?.date;
  const mergedMs = o.mergedAtMs ?? (commitDate ? Date.parse(commitDate) : Date.now());
  const merged = iso(mergedMs);
  const commitShas = o.commitShas ?? [];
  state.issues.push({
    id: state.nextId(),
    repo: key,
    number: o.number,
    title: o.title,
    body: o.body ?? null,
    state: "closed",
    stateReason: null,
    labels: o.labels ?? [],
    user: o.author,
    assignees: [],
    locked: false,
    createdAt: iso(mergedMs - 86_400_000),
    updatedAt: merged,
    closedAt: merged,
    closedBy: null,
    pull: { headRef: o.headRef ?? `pr-${o.number}`, headSha: commitShas.at(-1) ?? o.mergeCommitSha, baseRef: o.baseRef ?? repo.defaultBranch, draft: false, mergedAt: merged, mergeCommitSha: o.mergeCommitSha, commitShas, files: o.files ?? [] },
  });
}

/** A file at the default branch for the contents API (every ref sees the same files). */
export function setFile(state: FakeState, o: { repo: string; path: string; content: string }): void {
  const key = repoKey(repoOf(state, o.repo, "setFile"));
  if (!state.files.has(key)) state.files.set(key, new Map());
  state.files.get(key)!.set(o.path.replace(/^\/+/, ""), o.content);
}

export type AddReleaseInput = {
  repo: string;
  tag: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  targetCommitish?: string;
  createdAtMs?: number;
  author?: string;
  assets?: FakeAssetInput[];
};

/**
 * Add a release (name defaults to the tag, author to `mona`, target to the default branch). A published one creates
 * its missing tag at the target's head; a draft creates none, as on GitHub. `track` receives the digest hashing of
 * file-backed assets. @returns the release id and its asset ids.
 */
export function addRelease(state: FakeState, o: AddReleaseInput, track: (p: Promise<void>) => void): { id: number; assetIds: number[] } {
  const repo = repoOf(state, o.repo, "addRelease");
  if (tagTaken(state, repo, o.tag)) throw new Error(`addRelease: a release of ${o.repo} has tag ${o.tag}`);
  const target = o.targetCommitish ?? repo.defaultBranch;
  headOf(state, repo);
  if (!o.draft && !ensureTag(state, repo, o.tag, target)) throw new Error(`addRelease: ${target} does not resolve in ${o.repo}`);
  const at = iso(o.createdAtMs ?? Date.now());
  const release: FakeRelease = { id: state.nextId(), repo: repoKey(repo), tagName: o.tag, name: o.name === undefined ? o.tag : o.name, body: o.body ?? null, draft: !!o.draft, prerelease: !!o.prerelease, targetCommitish: target, author: o.author ?? "mona", createdAt: at, publishedAt: o.draft ? null : at, assets: [], makeLatest: "legacy", latestSeq: 0 };
  userOf(state, release.author);
  state.releases.push(release);
  const assetIds = (o.assets ?? []).map((a) => addReleaseAsset(state, { repo: o.repo, releaseId: release.id, ...a }, track));
  return { id: release.id, assetIds };
}

/** Add an uploaded asset to an existing release (uploader: the release's author). @returns the asset id. */
export function addReleaseAsset(state: FakeState, o: { repo: string; releaseId: number } & FakeAssetInput, track: (p: Promise<void>) => void): number {
  const repo = repoOf(state, o.repo, "addReleaseAsset");
  const release = state.releases.find((r) => r.id === o.releaseId);
  if (!release || release.repo !== repoKey(repo)) throw new Error(`addReleaseAsset: no release ${o.releaseId} in ${o.repo}`);
  const { asset, hashing } = newAsset(state, release, o, release.author);
  release.assets.push(asset);
  if (hashing) track(hashing);
  return asset.id;
}
