/** The fake GitHub's in-memory state: plain records a test may read and mutate between requests. */
import type { BlobSource } from "./blob-source";
import { type FakeCommit, FakeReleaseList } from "./release-types";

export type * from "./release-types";

export type Access = "read" | "write";
/** Fine-grained permissions (`actions`, `issues`, `pull_requests`, `metadata`, `contents`, …) → level. */
export type Permissions = Record<string, Access>;

export type FakeUser = { login: string; id: number; type: "User" | "Organization" | "Bot"; name: string | null };

export type FakeRepo = {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: string;
  pushedAt: string;
};

export type FakeWorkflow = { id: number; repo: string; name: string; /** `ci.yml` */ file: string; createdAt: string };

export type RunStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type Conclusion = "success" | "failure" | "cancelled" | "skipped" | "neutral" | "timed_out" | "action_required" | "stale";

/** One execution of a workflow run; a re-run adds an attempt. */
export type FakeAttempt = { attempt: number; status: RunStatus; conclusion: Conclusion | null; startedAt: string; updatedAt: string };

export type FakeRun = {
  id: number;
  repo: string;
  workflowId: number;
  runNumber: number;
  event: string;
  headBranch: string;
  headSha: string;
  commitMessage: string;
  /** GitHub's `display_title` when it is not the commit's first line (PR title, scheduled workflow name). */
  displayTitle?: string;
  actor: string;
  createdAt: string;
  checkSuiteId: number;
  /** Open pull requests whose head matches the run (GitHub's `pull_requests`). */
  pullNumbers: number[];
  /** Ascending; the last one is the run's current state. */
  attempts: FakeAttempt[];
};

export type FakeStep = { name: string; status: RunStatus; conclusion: Conclusion | null; number: number; startedAt: string | null; completedAt: string | null };

export type FakeJob = {
  id: number;
  runId: number;
  runAttempt: number;
  name: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  createdAt: string;
  startedAt: string;
  completedAt: string | null;
  steps: FakeStep[];
  labels: string[];
  runnerName: string | null;
};

export type { BlobSource } from "./blob-source";

export type FakeArtifact = {
  id: number;
  repo: string;
  runId: number;
  name: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  /** `sha256:<hex>` of the zip, or null (GitHub: artifacts uploaded before upload-artifact v4; files still hashing). */
  digest: string | null;
  source: BlobSource;
};

export type FakeIssue = {
  id: number;
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | "duplicate" | null;
  labels: string[];
  user: string;
  assignees: string[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Present when the issue is a pull request (GitHub numbers both in one sequence). */
  pull?: {
    headRef: string;
    headSha: string;
    baseRef: string;
    draft: boolean;
    mergedAt: string | null;
    /** The commit that landed on the base branch (squash, merge commit, or the last rebased commit). */
    mergeCommitSha?: string;
    /** The pull request's own commits (merge commits and rebase merges). */
    commitShas?: string[];
    /** Paths changed (`GET …/pulls/{n}/files`). */
    files?: string[];
  };
};

export type FakeComment = { id: number; repo: string; issueNumber: number; body: string; user: string; createdAt: string; updatedAt: string };

export type FakeToken = {
  login: string;
  kind: "pat" | "installation";
  /** null = every permission at `write` (a PAT added without `permissions`). */
  permissions: Permissions | null;
  /** `owner/name` granted; undefined = all repositories (of `owner` when set). */
  repos?: string[];
  owner?: string;
  installationId?: number;
  /** Epoch ms; past it the API answers 401 Bad credentials. */
  expiresAt?: number;
  revoked?: boolean;
};

export type FakeInstallation = {
  id: number;
  account: string;
  permissions: Permissions;
  repositorySelection: "all" | "selected";
  /** `owner/name` when the selection is `selected`. */
  repos?: string[];
  suspended: boolean;
  createdAt: string;
};

export type RateLimit = { limit: number; remaining: number; /** epoch seconds */ reset: number };

/** Ids of the interesting seeded records (null with `seed: "empty"`). */
export type SeedInfo = {
  webRepo: "acme/web";
  apiRepo: "acme/api";
  prNumber: number;
  prHeadSha: string;
  prHeadRef: string;
  /** The failed CI run with two attempts (attempt 1 failed installing dependencies, attempt 2 in `npm test`). */
  failedRunId: number;
  /** The failed `test` job of attempt 2 (long log: thousands of lines, two `##[error]` lines). */
  failedJobId: number;
  /** The failed `test` job of attempt 1. */
  firstAttemptFailedJobId: number;
  testResultsArtifactId: number;
  inProgressRunId: number;
  queuedRunIds: number[];
  /** The acme/api run holding the hostile archives. */
  maliciousRunId: number;
  /** Artifact name → id: test-results (acme/web, `failedRunId`); zip-bomb-ratio, zip-bomb-total, traversal, absolute,
   * symlink, oversized (acme/api, `maliciousRunId`); expired-report (acme/api, its oldest run, `expired: true`). */
  artifacts: Record<string, number>;
  installationId: number;
};

export type FakeState = {
  users: Map<string, FakeUser>;
  repos: Map<string, FakeRepo>;
  workflows: Map<number, FakeWorkflow>;
  runs: Map<number, FakeRun>;
  jobs: Map<number, FakeJob>;
  /** Job id → plain-text log. */
  logs: Map<number, string>;
  artifacts: Map<number, FakeArtifact>;
  issues: FakeIssue[];
  comments: FakeComment[];
  /** sha → commit (shas are unique across repositories). */
  commits: Map<string, FakeCommit>;
  /** `owner/name` → branch → head sha. */
  branches: Map<string, Map<string, string>>;
  /** `owner/name` → tag (lightweight, `refs/tags/<tag>`) → sha. */
  tags: Map<string, Map<string, string>>;
  /** `owner/name` → path → content at the default branch (contents API). */
  files: Map<string, Map<string, string>>;
  /** Every release of every repository, in creation order (assets inside); also `size` and `get(id)`. */
  releases: FakeReleaseList;
  /** Ids of the release assets whose bytes were requested from the blob server (GET), in order. */
  assetDownloads: number[];
  tokens: Map<string, FakeToken>;
  installations: Map<number, FakeInstallation>;
  rateLimit: RateLimit;
  /** Lifetime of minted installation tokens, ms (GitHub: 1 h). */
  installationTokenTtlMs: number;
  /** Lifetime of log and artifact download URLs, ms. */
  downloadUrlTtlMs: number;
  seed: SeedInfo | null;
  /** Next id for a new record of any kind (issues, comments, artifacts). */
  nextId: () => number;
};

/** An empty state (no repositories, no tokens). */
export function createState(o: { downloadUrlTtlMs: number }): FakeState {
  let id = 3_000_000_000;
  return {
    users: new Map(),
    repos: new Map(),
    workflows: new Map(),
    runs: new Map(),
    jobs: new Map(),
    logs: new Map(),
    artifacts: new Map(),
    issues: [],
    comments: [],
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    files: new Map(),
    releases: new FakeReleaseList(),
    assetDownloads: [],
    tokens: new Map(),
    installations: new Map(),
    rateLimit: { limit: 5000, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 },
    installationTokenTtlMs: 3_600_000,
    downloadUrlTtlMs: o.downloadUrlTtlMs,
    seed: null,
    nextId: () => ++id,
  };
}

/** The user record for `login`, created (type from the `[bot]` suffix, id from the name) when unknown. */
export function userOf(state: FakeState, login: string): FakeUser {
  let user = state.users.get(login);
  if (!user) {
    let h = 0;
    for (const c of login) h = (h * 31 + c.charCodeAt(0)) >>> 0;
    user = { login, id: 100_000 + (h % 90_000_000), type: login.endsWith("[bot]") ? "Bot" : "User", name: null };
    state.users.set(login, user);
  }
  return user;
}
