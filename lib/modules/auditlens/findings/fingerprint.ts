import { sha256Hex } from "@/lib/crypto/hash";
import type { ParsedFinding } from "../parsers/types";

/** How findings of one report are merged: `fingerprint` (layered identity, default), `rule_location` (tool + rule +
 * path + start line), `title` (tool + rule + title), `none` (every result its own finding). */
export type DedupeStrategy = "fingerprint" | "rule_location" | "title" | "none";

/** Whitespace collapsed, digits kept: a snippet's identity does not change when it is re-indented. */
const normSnippet = (s: string) => s.replace(/\s+/g, " ").trim();
/** Numbers replaced: "expected 3 to be 4" and line-number-bearing messages keep their identity when code moves. */
const normMessage = (s: string) => normSnippet(s).replace(/\d+/g, "#").toLowerCase();
const normPath = (p?: string) => (p ?? "").replace(/\\/g, "/").replace(/^\.\//, "");

/**
 * The layered fingerprint of a finding (`dedupe_strategy: fingerprint`), first applicable layer wins:
 * 1. a vulnerable dependency: its cross-tool key (advisory + package + installed version — see `dependencyKey`),
 *    so Trivy, Grype and npm audit reports of one CVE in one package version are one finding;
 * 2. the tool's own stable identity (`toolFingerprint`: SARIF `fingerprints`, then `partialFingerprints`; a scanner's
 *    own fingerprint), scoped by tool and rule;
 * 3. tool + rule + normalised path + normalised snippet (whitespace collapsed) — line numbers are left out, so a finding
 *    that moved a few lines keeps its identity while a changed snippet changes it;
 * 4. without a snippet: tool + rule + normalised path + normalised message (numbers masked).
 * Hex SHA-256; the layer is recorded in the input to the hash so two layers never collide.
 */
export function findingFingerprint(f: ParsedFinding, strategy: DedupeStrategy = "fingerprint", occurrence = 0): string {
  const loc = f.location ?? {};
  switch (strategy) {
    case "rule_location":
      return sha256Hex(["rl", f.tool, f.ruleId, normPath(loc.path), loc.startLine ?? ""].join("\u0000"));
    case "title":
      return sha256Hex(["ti", f.tool, f.ruleId, normMessage(f.title)].join("\u0000"));
    case "none":
      return sha256Hex(["no", f.tool, f.ruleId, normPath(loc.path), loc.startLine ?? "", f.title, occurrence].join("\u0000"));
    default:
      if (f.toolFingerprint?.startsWith("dep:")) return sha256Hex(["dep", f.toolFingerprint].join("\u0000"));
      if (f.toolFingerprint) return sha256Hex(["tool", f.tool, f.ruleId, f.toolFingerprint].join("\u0000"));
      if (loc.snippet) return sha256Hex(["snip", f.tool, f.ruleId, normPath(loc.path), normSnippet(loc.snippet)].join("\u0000"));
      return sha256Hex(["msg", f.tool, f.ruleId, normPath(loc.path), normMessage(f.title)].join("\u0000"));
  }
}
