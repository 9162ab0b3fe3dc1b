import { fetchArtifactTool } from "./fetch-artifact";
import { getJobLog } from "./get-job-log";
import { getRun } from "./get-run";
import { listArtifacts } from "./list-artifacts";
import { listRuns } from "./list-runs";

/** AuditLens tools, in `tools/list` order. */
export const auditlensTools = [listRuns, getRun, getJobLog, listArtifacts, fetchArtifactTool] as const;
