import type { AuditFindingView } from "../findings/finding-view";
import { issueFingerprint, MARKER_LABEL, markerFor } from "./issue-marker";
import { mdCode, mdCodeBlock, mdLink, mdText } from "@/lib/markdown";

/** GitHub's limit on an issue or comment body, characters; drafts stay under it with room for a comment header. */
export const MAX_BODY_CHARS = 65_536;
const BODY_BUDGET = 60_000;

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"] as const;

export type DraftFinding = AuditFindingView & { triage_class?: string };

export type DraftContext = {
  /** `owner/name`. */
  repo: string;
  /** The web origin of the GitHub instance (`https://github.com`, `https://ghe.example.com`). */
  webBase: string;
  /** Commit the findings were reported at: locations link to the blob at this SHA. */
  sha?: string | null;
  run?: { run_id: number; name: string | null; run_number?: number; html_url: string; branch: string | null; pull_requests?: number[]; conclusion?: string | null } | null;
  /** A one-line summary in our own words (a triage headline). */
  headline?: string | null;
  /** The failing job's log excerpt (already sanitised: ANSI, timestamps and secrets removed). */
  logExcerpt?: { job: string; lines: string[] } | null;
  triageId?: string | null;
  reportIds?: string[];
  /** Labels to add to the defaults. */
  labels?: string[];
  title?: string | null;
};

export type IssueDraft = { repo: string; title: string; body: string; labels: string[]; fingerprint: string; finding_fingerprints: string[]; findings_included: number; findings_total: number };

/** The web origin for an API base: `https://api.github.com` → `https://github.com`; GHES `https://h/api/v3` → `https://h`. */
export function githubWebBase(apiUrl: string): string {
  const u = new URL(apiUrl);
  if (u.hostname === "api.github.com") return "https://github.com";
  if (u.hostname.startsWith("api.")) return `${u.protocol}//${u.host.slice(4)}`;
  return `${u.protocol}//${u.host}`;
}

/** A repo-relative path as a blob URL at `sha` (with `#Lstart-Lend`), or null when the path is absolute or escapes. */
export function blobUrl(c: Pick<DraftContext, "repo" | "webBase" | "sha">, path: string | null, start?: number | null, end?: number | null): string | null {
  if (!c.sha || !path || /^([A-Za-z][A-Za-z0-9+.-]*:|\/|[A-Za-z]:\/)/.test(path) || path.split("/").includes("..")) return null;
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const lines = start ? `#L${start}${end && end > start ? `-L${end}` : ""}` : "";
  return `${c.webBase}/${c.repo}/blob/${c.sha}/${encoded}${lines}`;
}

const T = { inTable: true };

function locationCell(c: DraftContext, f: DraftFinding): string {
  if (f.package) return mdCode(`${f.package.name}@${f.package.installed_version ?? "?"}`, 120, T) + (f.package.fixed_version ? ` → ${mdCode(f.package.fixed_version, 60, T)}` : "");
  const loc = f.location;
  if (!loc?.path) return "—";
  const label = `${loc.path}${loc.start_line ? `:${loc.start_line}` : ""}`;
  const url = blobUrl(c, loc.path, loc.start_line, loc.end_line);
  return url ? mdLink(label, url) : mdCode(label, 160, T);
}

function idsCell(f: DraftFinding): string {
  const ids = [...f.vulnerability_ids, ...f.cwe].slice(0, 4);
  return ids.length ? ids.map((i) => mdCode(i, 40, T)).join(" ") : "";
}

function findingsTable(c: DraftContext, rows: DraftFinding[]): string {
  const head = "| Severity | Tool | Rule | Location | Title |\n|---|---|---|---|---|";
  const lines = rows.map((f) => `| ${f.severity} | ${mdText(f.sources.join(", "), 60)} | ${mdCode(f.rule_id, 80, T)} ${idsCell(f)} | ${locationCell(c, f)} | ${mdText(f.title, 200)} |`);
  return [head, ...lines].join("\n");
}

function testsSection(c: DraftContext, rows: DraftFinding[], withStacks: number): string {
  return rows
    .map((f, i) => {
      const t = f.test!;
      const name = `${t.suite ? `${t.suite} › ` : ""}${t.name}`;
      const cls = f.triage_class ? ` _(${f.triage_class})_` : "";
      const where = f.location?.path ? ` — ${locationCell(c, f)}` : "";
      const head = `- **${mdText(name, 200)}** ${t.status}${cls}${where}${t.message ? `: ${mdText(t.message, 300)}` : ""}`;
      return i < withStacks && t.stack ? `${head}\n\n${mdCodeBlock(t.stack, { maxLines: 12, maxChars: 1500 }).replace(/^/gm, "  ")}` : head;
    })
    .join("\n");
}

function defaultTitle(c: DraftContext, findings: DraftFinding[], tests: DraftFinding[]): string {
  const plain = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, " ").trim();
  if (findings.length + tests.length === 1) {
    const f = findings[0] ?? tests[0]!;
    const where = f.package ? ` in ${f.package.name}@${f.package.installed_version ?? "?"}` : f.location?.path ? ` in ${f.location.path}` : "";
    return plain(`[${f.severity}] ${f.title}${where}`, 200);
  }
  const parts: string[] = [];
  if (findings.length) {
    const worst = SEVERITY_ORDER.find((s) => findings.some((f) => f.severity === s))!;
    parts.push(`${findings.length} finding${findings.length === 1 ? "" : "s"} (worst: ${worst})`);
  }
  if (tests.length) parts.push(`${tests.length} failing test${tests.length === 1 ? "" : "s"}`);
  const where = c.run ? `${c.run.name ?? "CI"}${c.run.pull_requests?.length ? ` on PR #${c.run.pull_requests[0]}` : c.run.branch ? ` on ${c.run.branch}` : ""}` : c.repo;
  return plain(`${where}: ${parts.join(", ")}`, 200);
}

/**
 * Draft a GitHub issue for findings (one finding, a hand-picked set, or a triage's new and broken evidence): a title,
 * a GitHub-Flavored-Markdown body and labels. The body holds the headline, the run link, a table of findings (most
 * severe first; locations linked to the blob at the run's SHA), failing tests with the first lines of their stack
 * traces, the failing job's log excerpt, and the hidden marker `<!-- omniaudit:fingerprint=… -->` that makes the issue
 * sticky (see `issue-marker.ts`). Every piece of report text is escaped (see `markdown.ts`), so a hostile report can
 * neither mention people nor inject markup or a second marker. The body is kept under 60 000 characters (GitHub's
 * limit is 65 536): when too long, fewer rows are listed and the body says how many were left out.
 * Pure: no I/O.
 */
export function renderIssueDraft(c: DraftContext, all: DraftFinding[]): IssueDraft {
  const sorted = [...all].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  const tests = sorted.filter((f) => f.kind === "test" && f.test);
  const findings = sorted.filter((f) => !(f.kind === "test" && f.test));
  const fingerprint = issueFingerprint(all.map((f) => f.fingerprint));
  const labels = [...new Set([MARKER_LABEL, ...(tests.length ? ["ci-failure"] : []), ...(findings.some((f) => ["security", "dependency", "secret"].includes(f.category)) ? ["security"] : []), ...(c.labels ?? [])])].slice(0, 20);
  const title = c.title?.trim() || defaultTitle(c, findings, tests);

  for (const [maxRows, maxTests, stacks, logLines] of [[50, 25, 10, 40], [25, 10, 5, 20], [10, 5, 2, 10], [5, 3, 0, 0]] as const) {
    const out: string[] = [markerFor(fingerprint), ""];
    if (c.headline) out.push(`**${mdText(c.headline, 400)}**`, "");
    if (c.run) {
      const bits = [mdLink(`${c.run.name ?? "Workflow run"}${c.run.run_number ? ` #${c.run.run_number}` : ""}`, c.run.html_url)];
      if (c.run.conclusion) bits.push(c.run.conclusion);
      if (c.sha) bits.push(`commit ${mdCode(c.sha.slice(0, 12))}`);
      if (c.run.branch) bits.push(`branch ${mdCode(c.run.branch, 100)}`);
      for (const n of (c.run.pull_requests ?? []).slice(0, 3)) bits.push(mdLink(`PR #${n}`, `${c.webBase}/${c.repo}/pull/${n}`));
      out.push(`Run: ${bits.join(" · ")}`, "");
    }
    if (findings.length) {
      out.push(`### Findings (${findings.length})`, "", findingsTable(c, findings.slice(0, maxRows)));
      if (findings.length > maxRows) out.push("", `_…and ${findings.length - maxRows} more (see the report in OmniAudit)._`);
      const fixes = findings.slice(0, maxRows).filter((f) => f.suggested_fix).slice(0, 5);
      if (fixes.length) out.push("", "#### Suggested fixes", "", ...fixes.map((f) => `- ${mdCode(f.rule_id, 80)}: ${mdText(f.suggested_fix!, 300)}`));
      out.push("");
    }
    if (tests.length) {
      out.push(`### Failing tests (${tests.length})`, "", testsSection(c, tests.slice(0, maxTests), stacks));
      if (tests.length > maxTests) out.push("", `_…and ${tests.length - maxTests} more._`);
      out.push("");
    }
    if (c.logExcerpt?.lines.length && logLines) {
      out.push(`### Log excerpt (${mdText(c.logExcerpt.job, 120)})`, "", mdCodeBlock(c.logExcerpt.lines.join("\n"), { maxLines: logLines, maxChars: 6000 }), "");
    }
    const refs = [c.triageId ? `triage ${mdCode(c.triageId)}` : null, ...(c.reportIds ?? []).slice(0, 3).map((r) => `report ${mdCode(r)}`)].filter(Boolean);
    out.push("---", `<sub>Filed by OmniAudit${refs.length ? ` from ${refs.join(", ")}` : ""}. OmniAudit comments here instead of opening a duplicate while this issue is open.</sub>`);
    const body = out.join("\n");
    if (body.length <= BODY_BUDGET) {
      return { repo: c.repo, title, body, labels, fingerprint, finding_fingerprints: [...new Set(all.map((f) => f.fingerprint))], findings_included: Math.min(findings.length, maxRows) + Math.min(tests.length, maxTests), findings_total: all.length };
    }
  }
  throw new Error("renderIssueDraft: body over budget even at the smallest size");
}
