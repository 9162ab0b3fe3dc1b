import "server-only";
import { ResourceNotFoundError, ResourceTemplate, type McpServer, type ReadResourceResult, type Resource, type Variables } from "@modelcontextprotocol/server";
import { getDb, type Db } from "@/lib/db/client";
import { listTriageRows } from "@/lib/modules/auditlens/findings/queries";
import { getTriage } from "@/lib/modules/auditlens/tools/get-triage";
import { getJob } from "@/lib/modules/core/tools/get-job";
import { getReceipt } from "@/lib/modules/core/tools/get-receipt";
import { listScanRows } from "@/lib/modules/sitelint/queries";
import { getScan } from "@/lib/modules/sitelint/tools/get-scan";
import { listJobRows } from "@/lib/jobs/queries";
import { getObjectStore } from "@/lib/object-store";
import { listReceiptRows } from "@/lib/runtime/receipts/queries";
import { guardCallback } from "./mcp-callback-errors";
import { idsWithPrefix, objectHexesWithPrefix } from "./mcp-completion-sources";
import { objectUriOfRef, RESOURCE_TEMPLATES, recordUri, type IdKind } from "./mcp-resource-uris";
import { readObjectResource } from "./read-object-resource";
import { readViaTool } from "./read-via-tool";

/** Records of each kind listed by `resources/list`, newest first. */
export const RECENT_PER_KIND = 20;
const JSON_TYPE = "application/json";
/** Objects never change (content-addressed), but access does: clients may keep a read an hour, privately. */
const OBJECT_CACHE = { ttlMs: 60 * 60 * 1000, cacheScope: "private" as const };

const json = (uri: string, value: unknown): ReadResourceResult => ({ contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value, null, 2) }] });

/** One template variable as the tools take it: a single, percent-decoded value, else the resource does not exist. */
function variable(vars: Variables, name: string, uri: string): string {
  const raw = vars[name];
  if (typeof raw !== "string") throw new ResourceNotFoundError(uri);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ResourceNotFoundError(uri);
  }
}

/** A template's `list`: the newest records of a kind as direct resources (guarded: a DB error is a generic error). */
const lister = (load: (db: Db) => Promise<(Omit<Resource, "mimeType"> | null)[]>) => () =>
  guardCallback("resources/list", async () => ({ resources: (await load(await getDb())).filter((r) => r !== null).map((r) => ({ ...r, mimeType: JSON_TYPE })) }));

/** A template variable's `complete`: recent ids of a kind starting with what was typed. */
const completer = (kind: IdKind) => (value: string) => guardCallback("completion/complete", async () => idsWithPrefix(await getDb(), kind, value));

/** A listed record, or null for an id that cannot be written in a URI of the scheme (none this server mints). */
function entry(kind: IdKind, id: string, title: string, description: string): Omit<Resource, "mimeType"> | null {
  const uri = recordUri(kind, id);
  return uri ? { uri, name: id, title, description } : null;
}
const when = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Register OmniAudit's MCP resources on `server` (docs/mcp-resources.md): five templates of the `omniaudit://` scheme
 * (`RESOURCE_TEMPLATES`) with id completion, the newest scans, receipts, jobs and triages as direct resources
 * (`resources/list`, {@link RECENT_PER_KIND} of each, newest first — the SDK's high-level `resources/list` has no
 * cursor, so the list is bounded rather than paged), and reads:
 * - `omniaudit://objects/sha256/{hex}` — an object's bytes (`readObjectResource`: sniffed `mimeType`, text or base64
 *   blob, 8 MiB at most);
 * - `omniaudit://receipts/{receipt_id}` — what `core_get_receipt` returns (the receipt and its result object inline up
 *   to 256 KiB) plus `result_uri`, the object URI of the full result;
 * - `omniaudit://jobs/{job_id}` — `core_get_job` (the JobRef); `omniaudit://scans/{scan_id}` — `sitelint_get_scan`;
 *   `omniaudit://triages/{triage_id}` — `auditlens_get_triage` with its default classes (new, broken, flaky).
 *
 * Access rule: the same as the tools'. A caller the MCP endpoint authenticated (`MCP_AUTH_MODE`; the principal is
 * `currentRequestContext().principal`) may read every record, whoever created it — as `core_get_receipt`,
 * `core_get_job`, `sitelint_get_scan` and `auditlens_get_triage` return any principal's record (their handlers, which
 * answer these reads, filter by nothing but the id), and as object contents are already readable through
 * `core_get_receipt` (results) and `auditlens_parse_findings` (`object_ref` of any stored object).
 *
 * Errors: an unknown or malformed URI or id → `ResourceNotFoundError` (`-32602`, `data.uri`); a database or store
 * failure → a generic `-32603` naming the request id, logged (`guardCallback`). Call before `server.connect`. Sets the
 * `resources` capability with `listChanged: false` (the list follows new records; no notifications are sent).
 */
export function registerResources(server: McpServer): void {
  server.server.registerCapabilities({ resources: { listChanged: false } });

  server.registerResource(
    "object",
    new ResourceTemplate(RESOURCE_TEMPLATES.object, { list: undefined, complete: { hex: (v) => guardCallback("completion/complete", async () => objectHexesWithPrefix(await getDb(), v)) } }),
    { title: "Stored object", description: "Evidence and reports by SHA-256: page screenshots (image/png), artifact files and manifests, receipts' results and large tool results (application/json). Text as text, other types as base64 blobs; at most 8 MiB.", cacheHint: OBJECT_CACHE },
    (uri, vars) =>
      guardCallback("resources/read", async () => {
        const hex = variable(vars, "hex", uri.href);
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new ResourceNotFoundError(uri.href);
        return readObjectResource(getObjectStore(), hex, uri.href);
      }, { uri: uri.href }),
  );

  server.registerResource(
    "receipt",
    new ResourceTemplate(RESOURCE_TEMPLATES.receipt, {
      list: lister(async (db) => (await listReceiptRows(db, { limit: RECENT_PER_KIND })).rows.map((r) => entry("receipt", r.id, `Receipt: ${r.operation}`, `${r.status} write by ${r.actor}, ${when(r.createdAt)}`))),
      complete: { receipt_id: completer("receipt") },
    }),
    { title: "Receipt", description: "The receipt of a state-changing call (core_get_receipt) with its result inline (≤ 256 KiB) and result_uri, the object URI of the full result.", mimeType: JSON_TYPE },
    (uri, vars) =>
      guardCallback("resources/read", async () => {
        const receipt = await readViaTool(getReceipt, { receipt_id: variable(vars, "receipt_id", uri.href) }, uri.href);
        return json(uri.href, { ...receipt, result_uri: receipt.result_ref ? objectUriOfRef(receipt.result_ref) : null });
      }, { uri: uri.href }),
  );

  server.registerResource(
    "job",
    new ResourceTemplate(RESOURCE_TEMPLATES.job, {
      list: lister(async (db) => (await listJobRows(db, { limit: RECENT_PER_KIND })).map((j) => entry("job", j.id, `${j.module} job ${j.functionId}`, `${j.status}, ${Math.round(j.progress * 100)}% done, created ${when(j.createdAt)}`))),
      complete: { job_id: completer("job") },
    }),
    { title: "Job", description: "A background job's JobRef (core_get_job): status, progress, timestamps, error, subject.", mimeType: JSON_TYPE },
    (uri, vars) => guardCallback("resources/read", async () => json(uri.href, await readViaTool(getJob, { job_id: variable(vars, "job_id", uri.href) }, uri.href)), { uri: uri.href }),
  );

  server.registerResource(
    "scan",
    new ResourceTemplate(RESOURCE_TEMPLATES.scan, {
      list: lister(async (db) => (await listScanRows(db, { limit: RECENT_PER_KIND })).map((s) => entry("scan", s.id, `Site audit of ${s.url}`, `SiteLint scan, ${s.status}, profile ${s.profile}, created ${when(s.createdAt)}`))),
      complete: { scan_id: completer("scan") },
    }),
    { title: "Site audit", description: "A SiteLint scan's summary (sitelint_get_scan): settings, status, counts by severity and category, job, pages with their screenshot refs.", mimeType: JSON_TYPE },
    (uri, vars) => guardCallback("resources/read", async () => json(uri.href, await readViaTool(getScan, { scan_id: variable(vars, "scan_id", uri.href) }, uri.href)), { uri: uri.href }),
  );

  server.registerResource(
    "triage",
    new ResourceTemplate(RESOURCE_TEMPLATES.triage, {
      list: lister(async (db) => (await listTriageRows(db, { limit: RECENT_PER_KIND, offset: 0 })).rows.map((t) => entry("triage", t.id, `Triage of ${t.repo}${t.runId ? ` run ${t.runId}` : ""}`, `AuditLens triage, ${t.status}, created ${when(t.createdAt)}`))),
      complete: { triage_id: completer("triage") },
    }),
    { title: "CI triage", description: "An AuditLens triage (auditlens_get_triage): the run and its base, headline, counts per class, and the new, broken and flaky findings.", mimeType: JSON_TYPE },
    (uri, vars) => guardCallback("resources/read", async () => json(uri.href, await readViaTool(getTriage, { triage_id: variable(vars, "triage_id", uri.href) }, uri.href)), { uri: uri.href }),
  );
}
