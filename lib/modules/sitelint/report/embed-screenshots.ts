import "server-only";
import type { ObjectStore } from "@/lib/object-store";
import type { ReportPage } from "./report-data";

/** Bounds on the screenshots an HTML report embeds (raw bytes; base64 adds a third). */
export const SCREENSHOT_LIMITS = { count: 20, eachBytes: 1024 * 1024, totalBytes: 4 * 1024 * 1024 } as const;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Read the page screenshots an HTML report embeds, as `data:` URIs (RFC 2397): pages with the most findings first
 * (then crawl order), each distinct screenshot once, at most {@link SCREENSHOT_LIMITS}: 20 images, none over 1 MiB,
 * 4 MiB in all — so a report with every screenshot stays under the 8 MiB a `resources/read` returns. Only PNG and JPEG
 * (by magic bytes) are embedded; a screenshot that is missing, unreadable, too large or of another type is left out
 * (the report then names its ref).
 * @returns screenshot ref → `data:image/png;base64,…` (or `image/jpeg`).
 */
export async function embedScreenshots(store: ObjectStore, pages: ReportPage[]): Promise<Map<string, string>> {
  const refs = [...new Set([...pages].sort((a, b) => b.finding_count - a.finding_count).map((p) => p.screenshot_ref).filter((r): r is string => !!r))];
  const out = new Map<string, string>();
  let total = 0;
  for (const ref of refs) {
    if (out.size >= SCREENSHOT_LIMITS.count) break;
    let bytes: Buffer;
    try {
      bytes = await store.get(ref);
    } catch {
      continue; // deleted or unreadable evidence: the report names the ref instead
    }
    if (bytes.length > SCREENSHOT_LIMITS.eachBytes || total + bytes.length > SCREENSHOT_LIMITS.totalBytes) continue;
    const type = bytes.subarray(0, 8).equals(PNG) ? "image/png" : bytes.subarray(0, 3).equals(JPEG) ? "image/jpeg" : null;
    if (!type) continue;
    total += bytes.length;
    out.set(ref, `data:${type};base64,${bytes.toString("base64")}`);
  }
  return out;
}
