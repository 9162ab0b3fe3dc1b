import { fixture, type Json } from "./fixtures";
import { type FakeContext, nodeId } from "./http";
import { type FakeRepo, userOf } from "./state";

/**
 * Set `overrides` on `target` — only keys the GitHub example already has, so one override list serves several shapes
 * (simple/private user; full/plain/minimal repository) and no field absent from GitHub's example is invented.
 */
export function set(target: Json, overrides: Json): Json {
  for (const [k, v] of Object.entries(overrides)) if (k in target) target[k] = v;
  return target;
}

/** A user (simple-user shape, or private-user for `GET /user`) from GitHub's example, renamed. */
export function renderUser(f: FakeContext, login: string, shape: "simple-user" | "private-user" = "simple-user"): Json {
  const u = userOf(f.state, login);
  const enc = encodeURIComponent(login);
  const t = fixture(shape, f.apiUrl, [
    ["https://api.github.com/users/octocat", `${f.apiUrl}/users/${enc}`],
    ["https://github.com/octocat", `${f.apiUrl}/${enc}`],
  ]);
  return set(t, {
    login,
    id: u.id,
    node_id: nodeId(u.type === "Organization" ? "O" : u.type === "Bot" ? "BOT" : "U", u.id),
    avatar_url: `${f.apiUrl}/avatars/u/${u.id}?v=4`,
    type: u.type,
    site_admin: false,
    name: u.name,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2019-03-04T10:00:00Z",
    updated_at: "2024-01-15T10:00:00Z",
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  });
}

export type RepoShape = "full-repository" | "repository" | "minimal-repository";

/** A repository in one of GitHub's three shapes (`GET /repos/…`; pull head/base; nested in runs). */
export function renderRepo(f: FakeContext, repo: FakeRepo, shape: RepoShape = "full-repository"): Json {
  const full = `${repo.owner}/${repo.name}`;
  const t = fixture(shape, f.apiUrl, [["octocat/Hello-World", full]]);
  const openIssues = f.state.issues.filter((i) => i.repo === full && i.state === "open").length;
  const owner = renderUser(f, repo.owner);
  return set(t, {
    id: repo.id,
    node_id: nodeId("R", repo.id),
    name: repo.name,
    full_name: full,
    owner,
    organization: userOf(f.state, repo.owner).type === "Organization" ? owner : null,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    description: repo.description,
    fork: false,
    homepage: null,
    mirror_url: null,
    license: null,
    language: "TypeScript",
    forks_count: 0,
    forks: 0,
    stargazers_count: repo.private ? 0 : 12,
    watchers_count: repo.private ? 0 : 12,
    watchers: repo.private ? 0 : 12,
    subscribers_count: 3,
    network_count: 0,
    size: 2048,
    default_branch: repo.defaultBranch,
    open_issues_count: openIssues,
    open_issues: openIssues,
    is_template: false,
    topics: [],
    has_discussions: false,
    archived: false,
    disabled: false,
    pushed_at: repo.pushedAt,
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    temp_clone_token: null,
  });
}
