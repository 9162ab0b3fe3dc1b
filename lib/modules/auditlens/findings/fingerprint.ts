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
 * The line-independent identity of a finding that has no identity of its own (layers 3 and 4 of
 * {@link findingFingerprint}), or null when it has one (a dependency key, a tool fingerprint) or is a secret.
 * Two findings with the same content key at different lines of one report are told apart by their repeat index.
 */
export function contentKey(f: ParsedFinding): string | null {
  if (f.toolFingerprint || f.kind === "secret") return null;
  const loc = f.location ?? {};
  return loc.snippet
    ? ["snip", f.tool, f.ruleId, normPath(loc.path), normSnippet(loc.snippet)].join("\u0000")
    : ["msg", f.tool, f.ruleId, normPath(loc.path), normMessage(f.title)].join("\u0000");
}

/**
 * The layered fingerprint of a finding (`dedupe_strategy: fingerprint`), first applicable layer wins:
 * 1. a vulnerable dependency: its cross-tool key (advisory + package + installed version — see `dependencyKey`),
 *    so Trivy, Grype and npm audit reports of one CVE in one package version are one finding;
 * 2. the tool's own stable identity (`toolFingerprint`: SARIF `fingerprints`, then `partialFingerprints`; a scanner's
 *    own fingerprint), scoped by tool and rule — results with equal fingerprints are the same result (SARIF 2.1.0
 *    §3.27.16–17), as GitHub code scanning treats them;
 * 3. a secret without the tool's fingerprint: tool + rule + path + line + column (its snippet is masked, so it cannot
 *    tell two secrets apart, and a leaked secret is where it was committed);
 * 4. tool + rule + normalised path + normalised snippet (whitespace collapsed) — line numbers are left out, so a finding
 *    that moved a few lines keeps its identity while a changed snippet changes it;
 * 5. without a snippet: tool + rule + normalised path + normalised message (numbers masked).
 * For layers 4 and 5, `o.repeat` (0 for the first line with that content in the report, 1 for the next line, …)
 * tells identical snippets at different places apart — the occurrence counter of GitHub's `primaryLocationLineHash`
 * (`<hash>:<n>`) — while the same result listed twice at the same line merges.
 * Hex SHA-256; the layer is recorded in the input to the hash so two layers never collide.
 * @param o.index position of the finding in the report (`none` only).
 */
export function findingFingerprint(f: ParsedFinding, strategy: DedupeStrategy = "fingerprint", o: { index?: number; repeat?: number } = {}): string {
  const loc = f.location ?? {};
  switch (strategy) {
    case "rule_location":
      return sha256Hex(["rl", f.tool, f.ruleId, normPath(loc.path), loc.startLine ?? ""].join("\u0000"));
    case "title":
      return sha256Hex(["ti", f.tool, f.ruleId, normMessage(f.title)].join("\u0000"));
    case "none":
      return sha256Hex(["no", f.tool, f.ruleId, normPath(loc.path), loc.startLine ?? "", f.title, o.index ?? 0].join("\u0000"));
    default: {
      if (f.toolFingerprint?.startsWith("dep:")) return sha256Hex(["dep", f.toolFingerprint].join("\u0000"));
      if (f.toolFingerprint) return sha256Hex(["tool", f.tool, f.ruleId, f.toolFingerprint].join("\u0000"));
      if (f.kind === "secret") return sha256Hex(["secret", f.tool, f.ruleId, normPath(loc.path), loc.startLine ?? "", loc.startColumn ?? ""].join("\u0000"));
      const key = contentKey(f)!;
      return sha256Hex(o.repeat ? [key, `#${o.repeat}`].join("\u0000") : key);
    }
  }
}

/**
 * The repeat index of each content key within one report (see {@link findingFingerprint}): the first line a key is
 * seen at is 0, the next distinct line 1, …; the same line again keeps its index. Bounded: past `maxKeys` keys, new
 * keys all get 0.
 */
export function createRepeatCounter(maxKeys = 200_000): (f: ParsedFinding) => number {
  const lines = new Map<string, number[]>();
  return (f) => {
    const key = contentKey(f);
    if (!key) return 0;
    const line = f.location?.startLine ?? 0;
    let seen = lines.get(key);
    if (!seen) {
      if (lines.size >= maxKeys) return 0;
      seen = [];
      lines.set(key, seen);
    }
    let i = seen.indexOf(line);
    if (i < 0) i = seen.push(line) - 1;
    return i;
  };
}
