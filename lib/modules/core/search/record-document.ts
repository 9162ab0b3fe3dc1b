import type { RecordSummary } from "./record-link";

/** Metadata values `fetch` returns: plain scalars (OpenAI: "an optional key/value pairing of data about the result"). */
export type MetadataValue = string | number | boolean | null;

/** A record rendered for `fetch`: its summary (title and URL), readable plain text, and metadata. */
export type RecordDocument = { summary: RecordSummary; text: string; metadata: Record<string, MetadataValue> };

/** Longest `text` of one record (characters): a record is a page of reading, not a data dump. */
export const MAX_DOCUMENT_CHARS = 20_000;

/**
 * `Label: value` lines, skipping empty values; values must already be cleaned (lib/modules/core/search/untrusted.ts).
 * A value with line breaks starts on its own line, indented.
 */
export function renderFields(fields: [label: string, value: string | number | null | undefined][]): string {
  const out: string[] = [];
  for (const [label, value] of fields) {
    if (value === null || value === undefined || value === "") continue;
    const v = String(value);
    out.push(v.includes("\n") ? `${label}:\n${v.replace(/^/gm, "  ")}` : `${label}: ${v}`);
  }
  return out.join("\n");
}

/** `counts` (`{ high: 2, low: 1 }`) as `high 2, low 1`, in the given key order first; null when empty. */
export function renderCounts(counts: Record<string, unknown> | null | undefined, order: readonly string[] = []): string | null {
  if (!counts) return null;
  const keys = [...order.filter((k) => k in counts), ...Object.keys(counts).filter((k) => !order.includes(k)).sort()];
  const parts = keys.filter((k) => typeof counts[k] === "number").map((k) => `${k} ${counts[k] as number}`);
  return parts.length ? parts.join(", ") : null;
}
