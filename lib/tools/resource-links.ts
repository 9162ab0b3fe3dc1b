import "server-only";
import { getObjectStore } from "@/lib/object-store";
import { parseObjectRef } from "@/lib/object-store/object-ref";
import { getLogger } from "@/lib/observability/logger";
import type { McpToolCallResult, ResourceLinkBlock, ToolCallResult } from "@/lib/runtime/run-tool";
import { objectUriOfHex, recordUri, type IdKind } from "./mcp-resource-uris";

/** Most `resource_link` blocks added to one result (evidence; the link to an oversized result's JSON comes on top). */
export const MAX_LINKS = 50;
/** A result's JSON text copy larger than this (bytes, 64 KiB) is replaced by a summary and a link to the stored JSON. */
export const MAX_INLINE_TEXT_BYTES = 64 * 1024;
/** Values of `structuredContent` visited looking for links (results are bounded; this bounds the walk itself). */
const MAX_NODES = 20_000;

/** Fields whose string value is the id of a record served as a resource. */
const ID_FIELDS: Record<string, { kind: IdKind; title: string }> = {
  receipt_id: { kind: "receipt", title: "Receipt" },
  job_id: { kind: "job", title: "Job" },
  scan_id: { kind: "scan", title: "Site audit" },
  triage_id: { kind: "triage", title: "CI triage" },
};
/** What an object ref is, by the field holding it (tool outputs: sitelint pages/findings, artifacts, receipts). */
const REF_FIELDS: Record<string, { title: string; mimeType?: string }> = {
  screenshot_ref: { title: "Page screenshot", mimeType: "image/png" },
  evidence_refs: { title: "Evidence" },
  result_ref: { title: "Receipt result", mimeType: "application/json" },
  manifest_ref: { title: "Artifact manifest", mimeType: "application/json" },
  archive_ref: { title: "Artifact archive" },
  ref: { title: "Artifact file" },
  object_ref: { title: "Stored report" },
};

type Node = { value: unknown; key: string; parent: Record<string, unknown> | null };

/** Where a value sits, in words: the page (and viewport) or file of the object holding it. */
function contextOf(parent: Record<string, unknown> | null): string {
  if (!parent) return "";
  const where = [parent.page_url, parent.url, parent.path].find((v) => typeof v === "string" && v.length > 0) as string | undefined;
  const viewport = typeof parent.viewport === "string" ? ` (${parent.viewport})` : "";
  return where ? `${where.slice(0, 300)}${viewport}` : "";
}

/** The link a value stands for, if any: an id under an id field, or a well-formed object ref anywhere. */
function linkOf({ value, key, parent }: Node): ResourceLinkBlock | null {
  if (typeof value !== "string") return null;
  const idField = ID_FIELDS[key];
  if (idField) {
    const uri = recordUri(idField.kind, value);
    return uri ? { type: "resource_link", uri, name: value, title: idField.title, mimeType: "application/json", description: `${idField.title} ${value}` } : null;
  }
  const parsed = value.length <= 700 ? parseObjectRef(value) : null;
  if (!parsed) return null;
  const field = REF_FIELDS[key] ?? { title: "Stored object" };
  const where = contextOf(parent);
  return {
    type: "resource_link", uri: objectUriOfHex(parsed.hex), name: `sha256/${parsed.hex}`, title: field.title,
    ...(field.mimeType ? { mimeType: field.mimeType } : {}), description: where ? `${field.title} — ${where}` : field.title,
  };
}

/** Every distinct link in `structured`, breadth first (top-level ids before nested evidence), at most `MAX_LINKS`. */
export function collectResourceLinks(structured: Record<string, unknown>): ResourceLinkBlock[] {
  const links = new Map<string, ResourceLinkBlock>();
  const queue: Node[] = [{ value: structured, key: "", parent: null }];
  for (let i = 0; i < queue.length && i < MAX_NODES && links.size < MAX_LINKS; i++) {
    const node = queue[i]!;
    const link = linkOf(node);
    if (link && !links.has(link.uri)) links.set(link.uri, link);
    if (Array.isArray(node.value)) for (const v of node.value) queue.push({ value: v, key: node.key, parent: node.parent });
    else if (node.value && typeof node.value === "object") {
      const obj = node.value as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) queue.push({ value: v, key: k, parent: obj });
    }
  }
  return [...links.values()];
}

/** A few words per top-level field: scalars (cut), array lengths, `{…}` for objects; about 1,000 characters at most. */
function fieldsSummary(structured: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(structured)) {
    const shown = Array.isArray(v) ? `${v.length} items` : v && typeof v === "object" ? "{…}" : typeof v === "string" ? JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v) : String(v);
    parts.push(`${k}: ${shown}`);
    if (parts.join("; ").length > 1000) break;
  }
  return parts.join("; ");
}

/**
 * The result a `tools/call` answers with: a successful result gains one `resource_link` block (MCP 2025-11-25
 * server/tools §Resource Links) per record or object its `structuredContent` points at — `receipt_id`, `job_id`,
 * `scan_id`, `triage_id` as `omniaudit://<kind>s/<id>`, object refs (screenshots, evidence, artifact entries, archives
 * and manifests, receipts' results) as `omniaudit://objects/sha256/<hex>` — each once, at most {@link MAX_LINKS}. When
 * the JSON text copy (`content[0]`) is over {@link MAX_INLINE_TEXT_BYTES}, that text is stored as an object
 * (`application/json`, the same bytes) and replaced by a short summary plus a link to it; `structuredContent` stays
 * complete. Error results come back unchanged, and so does the text when storing it fails (logged).
 * @param toolName the tool that produced `result` (named in the summary and the stored result's link).
 * @returns a new result; `result` is not modified.
 */
export async function withResourceLinks(toolName: string, result: ToolCallResult): Promise<McpToolCallResult> {
  const structured = result.structuredContent;
  if (result.isError || !structured) return result;
  const links = collectResourceLinks(structured);
  const [first, ...rest] = result.content;
  const bytes = first ? Buffer.byteLength(first.text, "utf8") : 0;
  if (!first || bytes <= MAX_INLINE_TEXT_BYTES) return { ...result, content: [...result.content, ...links] };
  let full: ResourceLinkBlock;
  try {
    const { ref } = await getObjectStore().put(Buffer.from(first.text, "utf8"));
    const uri = objectUriOfHex(parseObjectRef(ref)!.hex);
    full = { type: "resource_link", uri, name: `${toolName}-result`, title: `Full ${toolName} result`, mimeType: "application/json", description: `The complete JSON result, ${bytes} bytes`, size: bytes };
  } catch (e) {
    getLogger().warn({ err: e, tool: toolName }, "could not store an oversized tool result; returning it inline");
    return { ...result, content: [...result.content, ...links] };
  }
  const summary =
    `${toolName} succeeded. Its JSON result is ${Math.ceil(bytes / 1024)} KiB, too large to repeat here as text: it is complete in structuredContent, ` +
    `and readable as the resource ${full.uri} (application/json). Top-level fields — ${fieldsSummary(structured)}`;
  return { ...result, content: [{ type: "text", text: summary }, full, ...rest, ...links] };
}
