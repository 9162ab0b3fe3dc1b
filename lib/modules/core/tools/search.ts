import { z } from "zod";
import { getEnv } from "@/lib/env";
import { recordLink } from "@/lib/modules/core/search/record-link";
import { searchRecords } from "@/lib/modules/core/search/search-records";
import { defineTool } from "@/lib/runtime/define-tool";

/**
 * `search` — ChatGPT's deep research / company knowledge contract (OpenAI, "Building MCP servers for ChatGPT and API
 * integrations"): input `{ query }`, output `{ results: [{ id, title, url }] }`, returned as `structuredContent` and as
 * its JSON in the one text content item (the pipeline's text copy). `url` is the record's console page, so citations
 * open in the console.
 */
export const searchTool = defineTool({
  name: "search",
  title: "Search audit records",
  description:
    "Full-text search over findings, site audits (scans), CI triages, receipts and jobs; a record id (scan_…) finds that record. Returns up to 20 results { id, title, url } best first: pass an id to fetch for the full record; url is its console page.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ query: z.string().trim().min(1).max(500).describe("Words, a quoted phrase, a URL, a rule id or a record id") }).strict(),
  output: z.object({
    results: z.array(
      z.object({
        id: z.string().describe("Typed record id for fetch: finding:…, scan:…, triage:…, receipt:… or job:…"),
        title: z.string(),
        url: z.url().describe("The record's page in the OmniAudit console"),
      }),
    ),
  }),
  handler: async ({ query }, { db }) => {
    const { baseUrl } = getEnv();
    return { results: (await searchRecords(db, query)).map((s) => recordLink(s, baseUrl)) };
  },
});
