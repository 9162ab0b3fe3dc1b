import { stripInvisible } from "@/lib/untrusted-text";

/** One change of a release: a merged pull request, or a commit pushed without one. All text is untrusted. */
export type ChangeItem = {
  kind: "pull_request" | "commit";
  /** PR number; null for a direct commit. */
  number: number | null;
  /** PR title or commit subject, invisible characters stripped (not escaped: renderers escape). */
  title: string;
  /** PR body, or the commit message after its subject: read for `BREAKING CHANGE:` footers, never output. */
  body: string;
  /** GitHub login, or the commit author's name when `isLogin` is false. */
  author: string;
  isLogin: boolean;
  isBot: boolean;
  url: string;
  sha: string | null;
  labels: string[];
  /** ISO 8601 `merged_at` of a PR, or the commit's date: the order of the notes. */
  at: string;
  /** Messages of the range's commits that belong to the PR (rebase and merge-commit merges): footers count too. */
  messages: string[];
};

/** The subset of GitHub's `pull-request-simple` the notes read (`GET /pulls`, `GET /commits/{sha}/pulls`). */
export type PullLike = {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  user?: { login?: string; type?: string } | null;
  labels?: ({ name?: string } | string)[];
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  base?: { ref?: string };
};

/** A GitHub account is a bot when GitHub says so (`type: "Bot"`) or its login is an App's (`name[bot]`). */
export function isBotAccount(login: string, type?: string | null): boolean {
  return type === "Bot" || /\[bot\]$/i.test(login);
}

const oneLine = (s: string, max: number) => stripInvisible(s).replace(/\s+/g, " ").trim().slice(0, max);

/** A merged pull request as a {@link ChangeItem} (title ≤ 300 chars, body ≤ 20,000, labels ≤ 50). */
export function pullToChange(p: PullLike, messages: string[] = []): ChangeItem {
  const login = p.user?.login ?? "ghost";
  return {
    kind: "pull_request",
    number: p.number,
    title: oneLine(p.title, 300) || `#${p.number}`,
    body: stripInvisible(p.body ?? "").slice(0, 20_000),
    author: login,
    isLogin: true,
    isBot: isBotAccount(login, p.user?.type),
    url: p.html_url,
    sha: p.merge_commit_sha ?? null,
    labels: (p.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean).slice(0, 50).map((l) => oneLine(l, 100)),
    at: p.merged_at ?? "",
    messages,
  };
}

/** The subset of a compare/commit `commit` object the notes read. */
export type CommitLike = {
  sha: string;
  html_url: string;
  commit: { message: string; author?: { name?: string; date?: string } | null; committer?: { date?: string } | null };
  author?: { login?: string; type?: string } | null;
  parents?: { sha: string }[];
};

/** A commit pushed without a pull request as a {@link ChangeItem}: its subject (first line) is the title. */
export function commitToChange(c: CommitLike): ChangeItem {
  const message = stripInvisible(c.commit.message ?? "");
  const nl = message.indexOf("\n");
  const login = c.author?.login;
  const author = login ?? oneLine(c.commit.author?.name ?? "", 100);
  return {
    kind: "commit",
    number: null,
    title: oneLine(nl < 0 ? message : message.slice(0, nl), 300) || c.sha.slice(0, 7),
    body: nl < 0 ? "" : message.slice(nl + 1, nl + 1 + 20_000),
    author: author || "unknown",
    isLogin: Boolean(login),
    isBot: login ? isBotAccount(login, c.author?.type) : false,
    url: c.html_url,
    sha: c.sha,
    labels: [],
    at: c.commit.committer?.date ?? c.commit.author?.date ?? "",
    messages: [message],
  };
}
