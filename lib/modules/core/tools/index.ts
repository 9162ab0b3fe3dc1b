import { describeTool } from "./describe-tool";
import { getJob } from "./get-job";
import { health } from "./health";
import { listJobs } from "./list-jobs";

/** The core module's tools. */
export const coreTools = [health, listJobs, getJob, describeTool];
