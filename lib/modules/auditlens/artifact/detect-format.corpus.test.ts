import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DETECT_HEAD_BYTES, detectFormat } from "./detect-format";
import type { DetectedFormat } from "./types";

// The real scan-report corpus (DefectDojo unit-test reports, dorny/test-reporter JUnit fixtures), read in place.
const corpus = path.join(process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve("../shared/corpus"), "findings");
const present = fs.existsSync(corpus);
if (!present) console.warn(`detect-format corpus tests skipped: no corpus at ${corpus} (set OMNIAUDIT_CORPUS_DIR)`);

/**
 * Files whose content cannot name their tool: we return generic `json` for them, by design.
 * - `eslint/empty.json` is `[]`: ESLint, Gitleaks 8 and retire.js < 2 all write an empty array for "nothing found".
 * - `gitleaks/no_findings.json` is `null`: nothing in it says gitleaks.
 */
const AMBIGUOUS: Record<string, DetectedFormat> = { "eslint/empty.json": "json", "gitleaks/no_findings.json": "json" };

/** Expected format: the folder name (`npm_audit_7_plus` → `npm_audit`); provenance notes (SOURCE.md) are text. */
function expected(rel: string): DetectedFormat {
  if (rel in AMBIGUOUS) return AMBIGUOUS[rel]!;
  if (path.basename(rel) === "SOURCE.md") return "text";
  return path.dirname(rel).split(path.sep)[0]!.replace(/_7_plus$/, "") as DetectedFormat;
}

const files = present
  ? (fs.readdirSync(corpus, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(corpus, f)).isFile()).sort()
  : [];

describe.skipIf(!present)(`detectFormat on every file of the real corpus (${corpus})`, () => {
  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)("%s", (rel) => {
    const bytes = fs.readFileSync(path.join(corpus, rel));
    const want = expected(rel);
    // As unpackZip calls it: the first 64 KiB, the real name.
    expect(detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), rel)).toBe(want);
    // By content, not by name: the same bytes under a meaningless name.
    expect(detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), "artifact.dat")).toBe(want);
    // A head cut mid-document (mid-UTF-8 sequence too) still names the report from its beginning.
    for (const cut of [4096, 1024]) {
      if (bytes.length > cut) expect(detectFormat(bytes.subarray(0, cut), "artifact.dat"), `first ${cut} bytes`).toBe(want);
    }
  });
});
