import { parseObjectRef } from "@/lib/object-store/object-ref";

/**
 * The `omniaudit://` URI scheme of MCP resources (docs/mcp-resources.md). One template per kind of record; the
 * variable is the record's id exactly as the tools take it (`scan_id`, `receipt_id`, …), or the SHA-256 of an object.
 * Pure (no I/O): the resources, the `resource_link` blocks of tool results and the prompts build their URIs here.
 */
export const RESOURCE_TEMPLATES = {
  /** Any object of the object store (screenshots, artifact entries, manifests, receipts' results, large tool results). */
  object: "omniaudit://objects/sha256/{hex}",
  receipt: "omniaudit://receipts/{receipt_id}",
  job: "omniaudit://jobs/{job_id}",
  scan: "omniaudit://scans/{scan_id}",
  triage: "omniaudit://triages/{triage_id}",
} as const;

export type ResourceKind = keyof typeof RESOURCE_TEMPLATES;

/** The record kinds addressed by an id (everything but objects), with the tool field that carries the id. */
export const ID_KINDS = { receipt: "receipt_id", job: "job_id", scan: "scan_id", triage: "triage_id" } as const satisfies Record<Exclude<ResourceKind, "object">, string>;
export type IdKind = keyof typeof ID_KINDS;

const HOSTS: Record<IdKind, string> = { receipt: "receipts", job: "jobs", scan: "scans", triage: "triages" };

/** Ids as this server mints them and tools accept them in a URI: URL-safe, no `/` or `,` (the template's separators). */
export const ID_IN_URI_RE = /^[A-Za-z0-9._-]{1,100}$/;
const HEX_RE = /^[0-9a-f]{64}$/;

/** `omniaudit://objects/sha256/<hex>` for a SHA-256 (64 lowercase hex). @throws TypeError for anything else. */
export function objectUriOfHex(hex: string): string {
  if (!HEX_RE.test(hex)) throw new TypeError("not a SHA-256 hex digest");
  return `omniaudit://objects/sha256/${hex}`;
}

/**
 * The resource URI of an object ref of either form (`sha256/<hex>`, `s3://<bucket>/<prefix>/sha256/<hex>`): objects are
 * content-addressed, so the URI names the bytes, and a read resolves them in this server's store whichever backend
 * holds them. @returns null for a string that is not a well-formed ref.
 */
export function objectUriOfRef(ref: string): string | null {
  const parsed = parseObjectRef(ref);
  return parsed ? objectUriOfHex(parsed.hex) : null;
}

/** `omniaudit://<kind>s/<id>`, or null when `id` cannot appear in a URI of this scheme (see {@link ID_IN_URI_RE}). */
export function recordUri(kind: IdKind, id: string): string | null {
  return ID_IN_URI_RE.test(id) ? `omniaudit://${HOSTS[kind]}/${id}` : null;
}
