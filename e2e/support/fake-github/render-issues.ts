import { createHash } from "node:crypto";
import { findRepo } from "./access";
import { fixture, type Json } from "./fixtures";
import { type FakeContext, nodeId } from "./http";
import { renderRepo, renderUser, set } from "./render-repos";
import type { FakeComment, FakeIssue } from "./state";

const hash = (s: string) => createHash("sha256").update(s).digest();

/** A label object (shape of the issue example's `labels[0]`); id and colour derive from the name. */
export function renderLabel(f: FakeContext, repo: string, name: string): Json {
  const label = (fixture("issue", f.apiUrl).labels as Json[])[0] as Json;
  const h = hash(`${repo}:${name}`);
  return set(label, {
    id: h.readUInt32BE(0),
    node_id: nodeId("LA", h.readUInt32BE(0)),
    url: `${f.apiUrl}/repos/${repo}/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: h.subarray(4, 7).toString("hex"),
    default: false,
  });
}

function issueOverrides(f: FakeContext, i: FakeIssue): Json {
  const base = `${f.apiUrl}/repos/${i.repo}/issues/${i.number}`;
  const comments = f.state.comments.filter((c) => c.repo === i.repo && c.issueNumber === i.number).length;
  return {
    id: i.id,
    node_id: nodeId(i.pull ? "PR" : "I", i.id),
    url: base,
    repository_url: `${f.apiUrl}/repos/${i.repo}`,
    labels_url: `${base}/labels{/name}`,
    comments_url: `${base}/comments`,
    events_url: `${base}/events`,
    html_url: `${f.apiUrl}/${i.repo}/${i.pull ? "pull" : "issues"}/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: renderUser(f, i.user),
    labels: i.labels.map((l) => renderLabel(f, i.repo, l)),
    assignee: i.assignees[0] ? renderUser(f, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => renderUser(f, a)),
    milestone: null,
    pinned_comment: null,
    type: null,
    locked: i.locked,
    active_lock_reason: null,
    comments,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: i.closedBy ? renderUser(f, i.closedBy) : null,
    author_association: "MEMBER",
    pull_request: i.pull
      ? {
          url: `${f.apiUrl}/repos/${i.repo}/pulls/${i.number}`,
          html_url: `${f.apiUrl}/${i.repo}/pull/${i.number}`,
          diff_url: `${f.apiUrl}/${i.repo}/pull/${i.number}.diff`,
          patch_url: `${f.apiUrl}/${i.repo}/pull/${i.number}.patch`,
          // GitHub's schema (issue.pull_request) carries merged_at; the example predates it.
          merged_at: i.pull.mergedAt,
        }
      : undefined,
  };
}

/** An issue (or a pull request seen as an issue, with `pull_request`), from GitHub's `issue` example. */
export function renderIssue(f: FakeContext, i: FakeIssue): Json {
  const t = set(fixture("issue", f.apiUrl), issueOverrides(f, i));
  if (!i.pull) delete t.pull_request;
  return t;
}

/** A `/search/issues` item (the `issue-search-result-item` example) with `score`. */
export function renderSearchItem(f: FakeContext, i: FakeIssue): Json {
  const t = set(fixture("issue-search-result-item", f.apiUrl), { ...issueOverrides(f, i), score: 1 });
  if (!i.pull) delete t.pull_request;
  return t;
}

/** An issue comment from GitHub's `issue-comment` example. */
export function renderComment(f: FakeContext, c: FakeComment): Json {
  return set(fixture("issue-comment", f.apiUrl), {
    id: c.id,
    node_id: nodeId("IC", c.id),
    url: `${f.apiUrl}/repos/${c.repo}/issues/comments/${c.id}`,
    html_url: `${f.apiUrl}/${c.repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: renderUser(f, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${f.apiUrl}/repos/${c.repo}/issues/${c.issueNumber}`,
    author_association: "MEMBER",
    pin: null,
    minimized: null,
  });
}

/** A pull request (`pull-request`, or `pull-request-simple` for lists) for an issue record that has `pull`. */
export function renderPull(f: FakeContext, i: FakeIssue, shape: "pull-request" | "pull-request-simple" = "pull-request"): Json {
  const pull = i.pull!;
  const repo = findRepo(f.state, i.repo)!;
  const api = `${f.apiUrl}/repos/${i.repo}`;
  const html = `${f.apiUrl}/${i.repo}/pull/${i.number}`;
  const side = (ref: string, sha: string) => ({ label: `${repo.owner}:${ref}`, ref, sha, user: renderUser(f, repo.owner), repo: renderRepo(f, repo, "repository") });
  const merged = pull.mergedAt !== null;
  const baseSha = f.state.commits.get(pull.mergeCommitSha ?? "")?.parents[0] ?? createHash("sha1").update(`${i.repo}:${pull.baseRef}`).digest("hex");
  const comments = f.state.comments.filter((c) => c.repo === i.repo && c.issueNumber === i.number).length;
  return set(fixture(shape, f.apiUrl), {
    url: `${api}/pulls/${i.number}`,
    id: i.id,
    node_id: nodeId("PR", i.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${i.number}`,
    commits_url: `${api}/pulls/${i.number}/commits`,
    review_comments_url: `${api}/pulls/${i.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: i.number,
    state: i.state,
    locked: i.locked,
    title: i.title,
    user: renderUser(f, i.user),
    body: i.body,
    labels: i.labels.map((l) => renderLabel(f, i.repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha ?? createHash("sha1").update(`${i.repo}#${i.number}:merge`).digest("hex"),
    assignee: i.assignees[0] ? renderUser(f, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => renderUser(f, a)),
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, pull.headSha),
    base: side(pull.baseRef, baseSha),
    _links: {
      self: { href: `${api}/pulls/${i.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${i.number}` },
      comments: { href: `${api}/issues/${i.number}/comments` },
      review_comments: { href: `${api}/pulls/${i.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${i.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: "MEMBER",
    auto_merge: null,
    draft: pull.draft,
    merged,
    mergeable: i.state === "open" ? true : null,
    rebaseable: i.state === "open" ? true : null,
    mergeable_state: i.state === "open" ? "clean" : "unknown",
    merged_by: merged ? renderUser(f, i.closedBy ?? i.user) : null,
    comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: merged ? Math.max(1, pull.commitShas?.length ?? 0) : 3,
    additions: 128,
    deletions: 14,
    changed_files: pull.files?.length ?? 6,
  });
}
