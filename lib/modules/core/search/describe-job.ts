import "server-only";
import type { Db } from "@/lib/db/client";
import { getJobRow } from "@/lib/jobs/queries";
import { renderFields, type RecordDocument } from "./record-document";
import { RECORD_KINDS, formatRecordRef, type RecordKind } from "./record-ref";
import { oneLine, textBlock } from "./untrusted";

/** Longest rendering of a job's result JSON (characters). */
const MAX_RESULT_CHARS = 6000;

/** The job's subject as a typed id `fetch` reads (`scan:scan_…`), or its raw kind and id. */
function subjectOf(kind: string | null, id: string | null): string | null {
  if (!kind || !id) return null;
  return Object.hasOwn(RECORD_KINDS, kind) ? formatRecordRef({ kind: kind as RecordKind, id }) : `${oneLine(kind, 40)} ${oneLine(id, 100)}`;
}

/**
 * A durable job as `fetch` returns it: function, status and progress, its subject (a scan, a triage…), error, result
 * (bounded JSON) and timestamps.
 * @returns undefined when there is no job `id`.
 */
export async function describeJob(db: Db, id: string): Promise<RecordDocument | undefined> {
  const j = await getJobRow(db, id);
  if (!j) return undefined;
  const progress = `${Math.round(j.progress * 100)}% (${j.progressDone}/${j.progressTotal})${j.progressMessage ? ` — ${oneLine(j.progressMessage, 500)}` : ""}`;
  const text = renderFields([
    ["Job", `${oneLine(j.functionId, 100)} (${oneLine(j.module, 40)})`],
    ["Status", j.status],
    ["Progress", progress],
    ["Subject", subjectOf(j.subjectKind, j.subjectId)],
    ["Requested by", oneLine(j.principal, 200)],
    ["Attempts", j.attempts],
    ["Error", j.error ? `${oneLine(j.error.code, 40)}: ${oneLine(j.error.message, 2000)}` : null],
    ["Result", j.result === null || j.result === undefined ? null : textBlock(JSON.stringify(j.result, null, 2), MAX_RESULT_CHARS)],
    ["Created", j.createdAt.toISOString()],
    ["Started", j.startedAt?.toISOString()],
    ["Finished", j.finishedAt?.toISOString()],
  ]);
  return {
    summary: { kind: "job", id: j.id, function_id: j.functionId, status: j.status },
    text,
    metadata: {
      kind: "job", module: oneLine(j.module, 40), function_id: oneLine(j.functionId, 100), status: j.status, progress: j.progress,
      created_at: j.createdAt.toISOString(), finished_at: j.finishedAt?.toISOString() ?? null,
    },
  };
}
