import { formatRecordRef } from "./record-ref";
import { oneLine } from "./untrusted";

/** What a search hit or a fetched record needs for its title and console URL, by kind (raw stored values). */
export type RecordSummary =
  | {
      kind: "finding";
      id: string;
      title: string;
      severity: string;
      category: string;
      module: string;
      rule_id: string;
      /** Page URL (SiteLint) or file path (AuditLens), when known. */
      where: string | null;
      /** The job of the SiteLint scan it came from (the scan's console page), when the scan still exists. */
      scan_job_id: string | null;
      /** The triage of the AuditLens report it came from, when the report belongs to one. */
      triage_id: string | null;
    }
  | { kind: "scan"; id: string; url: string; status: string; job_id: string }
  | { kind: "triage"; id: string; repo: string; headline: string | null; status: string }
  | { kind: "receipt"; id: string; operation: string; actor: string; status: string }
  | { kind: "job"; id: string; function_id: string; status: string };

/** A search result as ChatGPT reads it: typed id, title, absolute console URL (its citation). */
export type RecordLink = { id: string; title: string; url: string };

const seg = encodeURIComponent;

/** The console path of a record. Scans and findings have no page of their own: a scan is shown on its job's page,
 * a finding in the findings table of its scan's job (filtered to its severity and category) or on its triage, and
 * otherwise in the findings explorer filtered to its module and rule. */
function consolePath(s: RecordSummary): string {
  switch (s.kind) {
    case "finding": {
      if (s.scan_job_id) return `/jobs/${seg(s.scan_job_id)}?${new URLSearchParams({ severity: s.severity, category: s.category })}#findings`;
      if (s.triage_id) return `/triages/${seg(s.triage_id)}`;
      return `/findings?${new URLSearchParams({ module: s.module, rule_id: s.rule_id })}`;
    }
    case "scan":
      return `/jobs/${seg(s.job_id)}`;
    case "triage":
      return `/triages/${seg(s.id)}`;
    case "receipt":
      return `/receipts/${seg(s.id)}`;
    case "job":
      return `/jobs/${seg(s.id)}`;
  }
}

/** A record's title in a few words: what it is and its state (stored text is untrusted: cleaned and bounded). */
function titleOf(s: RecordSummary): string {
  switch (s.kind) {
    case "finding": {
      const where = s.where ? ` — ${oneLine(s.where, 120)}` : "";
      return `${oneLine(s.title, 160)} [${oneLine(s.severity, 20)}]${where}`;
    }
    case "scan":
      return `Site audit of ${oneLine(s.url, 200)} (${oneLine(s.status, 20)})`;
    case "triage":
      return `CI triage of ${oneLine(s.repo, 100)}: ${s.headline ? oneLine(s.headline, 200) : `(${oneLine(s.status, 20)})`}`;
    case "receipt":
      return `Receipt: ${oneLine(s.operation, 80)} by ${oneLine(s.actor, 80)} (${oneLine(s.status, 20)})`;
    case "job":
      return `Job ${oneLine(s.function_id, 80)} (${oneLine(s.status, 20)})`;
  }
}

/**
 * The `{ id, title, url }` of a record (OpenAI, "Building MCP servers for ChatGPT and API integrations": the `search`
 * result shape; `url` is what ChatGPT cites). `id` is the typed id `fetch` takes (`scan:scan_…`); `url` is the
 * record's console page under `baseUrl` (absolute, no trailing slash expected).
 */
export function recordLink(s: RecordSummary, baseUrl: string): RecordLink {
  return { id: formatRecordRef(s), title: titleOf(s), url: `${baseUrl}${consolePath(s)}` };
}
