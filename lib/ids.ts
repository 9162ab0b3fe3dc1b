import { randomBytes } from "node:crypto";

/**
 * Sortable, URL-safe ids: `<prefix>_<12 hex ms timestamp><16 hex random>`, e.g. `job_019a…`. Sorting by id sorts by
 * creation time (ms resolution).
 */
export function newId(prefix: "job" | "scan" | "page" | "fnd" | "rcpt" | "conf" | "sec" | "key" | "art" | "rpt" | "tri" | "rel"): string {
  return `${prefix}_${Date.now().toString(16).padStart(12, "0")}${randomBytes(8).toString("hex")}`;
}
