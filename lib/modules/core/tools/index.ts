import { describeTool } from "./describe-tool";
import { getConfirmation } from "./get-confirmation";
import { getJob } from "./get-job";
import { getReceipt } from "./get-receipt";
import { health } from "./health";
import { listConfirmations } from "./list-confirmations";
import { listJobs } from "./list-jobs";
import { listReceipts } from "./list-receipts";
import { verifyAuditLog } from "./verify-audit-log";

/** The core module's tools. */
export const coreTools = [health, listJobs, getJob, describeTool, listConfirmations, getConfirmation, listReceipts, getReceipt, verifyAuditLog];
