import { z } from "zod";
import { defineTool } from "@/lib/runtime/define-tool";
import { deleteScan as removeScan, scanFootprint } from "../delete-scan";

export const deleteScan = defineTool({
  name: "sitelint_delete_scan",
  title: "Delete a site audit",
  description:
    "Permanently delete a finished scan: its pages, findings and the screenshots only it references (job, receipts and audit rows stay). Gated: the first call returns confirmation_required with a confirmation_token; an operator may have to approve it at approve_url first (poll core_get_confirmation). Call again with the same arguments plus confirmation_token; the result carries a receipt_id.",
  risk: "destructive",
  openWorld: false,
  idempotent: true,
  rateLimit: { bucket: "destructive" },
  input: z.object({ scan_id: z.string().min(1).max(100) }).strict(),
  output: z.object({
    scan_id: z.string(),
    url: z.string(),
    deleted_pages: z.number().int(),
    deleted_findings: z.number().int(),
    deleted_objects: z.number().int().describe("Evidence objects removed (shared ones are kept)"),
  }),
  summarize: async ({ scan_id }, { db }) => {
    const fp = await scanFootprint(db, scan_id);
    return `Delete scan ${scan_id} of ${fp.scan.url} (${fp.scan.status}, created ${fp.scan.createdAt.toISOString()}): ${fp.pages} page record(s), ${fp.findings} finding(s) and up to ${fp.objectRefs.length} screenshot object(s). Receipts and audit-log rows stay.`;
  },
  handler: async ({ scan_id }, { db, objectStore }) => removeScan(db, objectStore, scan_id),
});
