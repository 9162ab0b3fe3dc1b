import { parseDateQuery } from "./date-query";
import type { FakeIssue } from "./state";

const DATE_FIELDS = ["created", "updated", "closed", "merged"] as const;
type DateField = (typeof DATE_FIELDS)[number];

/** A parsed `/search/issues` query. */
export type IssueQuery = {
  repos: string[];
  type?: "issue" | "pr";
  state?: "open" | "closed";
  /** `is:merged` (true) / `is:unmerged` (false); both imply pull requests. */
  merged?: boolean;
  /** `created:`, `updated:`, `closed:`, `merged:` date queries (an issue without that date never matches). */
  dates: { field: DateField; test: (ms: number) => boolean }[];
  /** Fields plain terms are matched in; default title and body. */
  in: Set<"title" | "body" | "comments">;
  labels: string[];
  notLabels: string[];
  authors: string[];
  terms: string[];
};

const unquote = (s: string) => (s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? s.slice(1, -1) : s);

/**
 * Parse GitHub's issue search syntax — the subset the fake supports: `repo:o/r`, `is:issue|pr|pull-request|open|closed`,
 * `type:issue|pr`, `state:open|closed`, `is:merged|unmerged`, `in:title|body|comments`, `label:x` (and `-label:x`),
 * `author:x` (`author:app/x` is the bot `x[bot]`), `created:`/`updated:`/`closed:`/`merged:` with GitHub's date
 * syntax (`<2026-05-01T00:00:00Z`, `>=2026-05-01`, `a..b`; see `parseDateQuery`), quoted phrases and plain terms.
 * Unknown qualifiers (and unparsable dates) are kept as plain terms, as GitHub searches them as text.
 */
export function parseIssueQuery(q: string): IssueQuery {
  const out: IssueQuery = { repos: [], in: new Set(), labels: [], notLabels: [], authors: [], terms: [], dates: [] };
  const tokens = q.match(/-?[A-Za-z_-]+:(?:"[^"]*"|\S+)|"[^"]*"|\S+/g) ?? [];
  for (const token of tokens) {
    const m = /^(-?)([A-Za-z_-]+):(.+)$/.exec(token);
    if (!m) {
      out.terms.push(unquote(token).toLowerCase());
      continue;
    }
    const [, neg, key, rawValue] = m as unknown as [string, string, string, string];
    const value = unquote(rawValue);
    const k = key.toLowerCase();
    const v = value.toLowerCase();
    if (k === "repo") out.repos.push(value);
    else if ((k === "is" || k === "type") && v === "issue") out.type = "issue";
    else if ((k === "is" || k === "type") && (v === "pr" || v === "pull-request")) out.type = "pr";
    else if ((k === "is" || k === "state") && (v === "open" || v === "closed")) out.state = v;
    else if (k === "is" && (v === "merged" || v === "unmerged")) [out.type, out.merged] = ["pr", v === "merged"];
    else if (DATE_FIELDS.includes(k as DateField) && parseDateQuery(value)) out.dates.push({ field: k as DateField, test: parseDateQuery(value)! });
    else if (k === "in" && (v === "title" || v === "body" || v === "comments")) out.in.add(v);
    else if (k === "label") (neg ? out.notLabels : out.labels).push(v);
    else if (k === "author") out.authors.push(v.startsWith("app/") ? `${v.slice(4)}[bot]` : v);
    else out.terms.push(token.toLowerCase());
  }
  if (out.in.size === 0) out.in = new Set(["title", "body"]);
  return out;
}

/** Whether an issue matches the query; `comments` are the bodies of its comments (for `in:comments`). */
export function matchesIssue(q: IssueQuery, i: FakeIssue, comments: string[]): boolean {
  if (q.repos.length && !q.repos.some((r) => r.toLowerCase() === i.repo.toLowerCase())) return false;
  if (q.type === "issue" && i.pull) return false;
  if (q.type === "pr" && !i.pull) return false;
  if (q.state && i.state !== q.state) return false;
  if (q.merged !== undefined && (!i.pull || (i.pull.mergedAt !== null) !== q.merged)) return false;
  const when: Record<DateField, string | null> = { created: i.createdAt, updated: i.updatedAt, closed: i.closedAt, merged: i.pull?.mergedAt ?? null };
  if (q.dates.some((d) => when[d.field] === null || !d.test(Date.parse(when[d.field]!)))) return false;
  const labels = i.labels.map((l) => l.toLowerCase());
  if (!q.labels.every((l) => labels.includes(l))) return false;
  if (q.notLabels.some((l) => labels.includes(l))) return false;
  if (q.authors.length && !q.authors.includes(i.user.toLowerCase())) return false;
  const haystack = [q.in.has("title") ? i.title : "", q.in.has("body") ? (i.body ?? "") : "", ...(q.in.has("comments") ? comments : [])].join("\n").toLowerCase();
  return q.terms.every((t) => haystack.includes(t));
}
