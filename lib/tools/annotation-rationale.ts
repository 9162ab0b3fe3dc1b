import { moduleOf, type AnyTool } from "@/lib/runtime/define-tool";

/**
 * Why each tool carries the MCP annotations it does (MCP 2025-11-25 server/tools §Tool annotations: `readOnlyHint`,
 * `destructiveHint`, `idempotentHint`, `openWorldHint`), as ChatGPT's app review asks: one sentence per hint, from the
 * tool's declared risk, reach and idempotence, with a tool-specific reason where the generic one would mislead.
 * Rendered into docs/tools.md (`npm run docs:tools`).
 */

/** Tools whose reads leave a record in OmniAudit's own store (why readOnly is still true), by name. */
const RECORDS: Record<string, string> = {
  sitelint_start_scan: "it creates a scan record and a job in OmniAudit's own database, and only reads the audited site (GET requests in a browser)",
  auditlens_fetch_artifact: "it stores the downloaded artifact's files in OmniAudit's object store; nothing on GitHub changes",
  auditlens_parse_findings: "it stores parsed findings in OmniAudit's database; the source report is left as it was",
  auditlens_triage_run: "it stores a triage in OmniAudit's database; it only reads runs, artifacts and logs on GitHub",
  releasebutler_verify_checksums: "it may store a checksum report (job mode) in OmniAudit; the release on GitHub is only read",
  auditlens_draft_issue: "a draft is returned, not created: the issue is only written by auditlens_create_issue",
};

/** Where an open-world tool reaches. */
function reach(tool: AnyTool): string {
  switch (moduleOf(tool.name)) {
    case "sitelint":
      return "it loads the audited site (third-party pages) in Chromium";
    case "auditlens":
    case "releasebutler":
      return "it calls the GitHub API (github.com or the configured GitHub Enterprise)";
    default:
      return "it reaches an outside service";
  }
}

/** The rationale of each hint, in plain words. */
export function annotationRationale(tool: AnyTool): { readOnly: string; destructive: string; idempotent: string; openWorld: string } {
  const readOnly =
    tool.risk === "read"
      ? `true — ${RECORDS[tool.name] ?? "it only reads (OmniAudit's records or the outside service)"}; it needs no confirmation.`
      : `false — it changes state (${tool.risk === "destructive" ? "it deletes" : "it writes"}), so it runs only after an approved confirmation and leaves a receipt.`;
  const destructive =
    tool.risk === "destructive"
      ? "true — it removes data that cannot be restored from OmniAudit; approval is required and the receipt records it."
      : tool.risk === "write"
        ? "false — it adds (an issue, a release) and never deletes or overwrites existing data."
        : "false — it reads.";
  const idempotent = tool.idempotent
    ? "true — calling again with the same arguments has no further effect."
    : tool.risk === "read"
      ? "false — each call starts new work (a new scan, download, parse or triage record), even with the same arguments."
      : "false — each confirmed call creates something new (a second issue or release).";
  const openWorld = tool.openWorld ? `true — ${reach(tool)}.` : "false — it works on OmniAudit's own database and object store only.";
  return { readOnly, destructive, idempotent, openWorld };
}
