import { createIssue } from "./create-issue";
import { draftIssue } from "./draft-issue";
import { fetchArtifactTool } from "./fetch-artifact";
import { getJobLog } from "./get-job-log";
import { getRun } from "./get-run";
import { getTriage } from "./get-triage";
import { listArtifacts } from "./list-artifacts";
import { listAuditFindings } from "./list-findings";
import { listRuns } from "./list-runs";
import { parseFindings } from "./parse-findings";
import { triageRunTool } from "./triage-run";

/** AuditLens tools, in `tools/list` order. */
export const auditlensTools = [
  listRuns, getRun, getJobLog, listArtifacts, fetchArtifactTool, parseFindings, listAuditFindings, triageRunTool, getTriage, draftIssue, createIssue,
] as const;
