import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";

const Cursor = z.object({ v: z.literal(1), page: z.number().int().min(2).max(10_000), per: z.number().int().min(1).max(100), q: z.string().length(16) });

/** A fingerprint of a list call's filters, so a cursor cannot be replayed against other filters. */
function filtersKey(filters: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(Object.entries(filters).filter(([, v]) => v !== undefined).sort())).digest("hex").slice(0, 16);
}

/**
 * Opaque `next_cursor` for GitHub's page-numbered lists: base64url JSON `{ page, per, q }` where `q` fingerprints the
 * filters. @returns the cursor of the page after `page`, or null when there is none.
 */
export function nextCursor(o: { page: number; per: number; hasNext: boolean; filters: Record<string, unknown> }): string | null {
  if (!o.hasNext) return null;
  return Buffer.from(JSON.stringify({ v: 1, page: o.page + 1, per: o.per, q: filtersKey(o.filters) })).toString("base64url");
}

/**
 * The page and page size a `cursor` stands for (page 1 and `limit` without one).
 * @throws AppError `VALIDATION_ERROR` for a malformed cursor, or one made for other filters or another limit.
 */
export function readCursor(cursor: string | undefined, o: { limit: number; filters: Record<string, unknown> }): { page: number; per: number } {
  if (!cursor) return { page: 1, per: o.limit };
  let parsed: z.infer<typeof Cursor>;
  try {
    parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new AppError("VALIDATION_ERROR", "cursor is malformed: pass the next_cursor of the previous call unchanged.", { field: "cursor" });
  }
  if (parsed.q !== filtersKey(o.filters) || parsed.per !== o.limit) {
    throw new AppError("VALIDATION_ERROR", "cursor belongs to a call with other filters or another limit: repeat those, or start without a cursor.", { field: "cursor" });
  }
  return { page: parsed.page, per: parsed.per };
}

/** Whether GitHub's `Link` header names a next page (RFC 8288 `rel="next"`). */
export function linkHasNext(link: string | undefined): boolean {
  return !!link && /<[^>]+>;\s*rel="next"/.test(link);
}
