import { sha256Hex } from "@/lib/crypto/hash";

/**
 * The hidden marker that makes an OmniAudit issue sticky: `<!-- omniaudit:fingerprint=<id> -->` as the first line of
 * the issue body (an HTML comment, invisible when rendered). `auditlens_create_issue` looks for an open issue carrying
 * the same marker before it creates one, and comments on it instead. Only a marker that opens the body counts: report
 * text quoted further down (a stack trace in a code block) cannot claim another issue's identity.
 */
export const MARKER_LABEL = "omniaudit";

const MARKER = /^<!-- omniaudit:fingerprint=([A-Za-z0-9][A-Za-z0-9:._-]{7,127}) -->/;

/** The marker comment for an issue identity. */
export function markerFor(fingerprint: string): string {
  return `<!-- omniaudit:fingerprint=${fingerprint} -->`;
}

/** The issue identity in the marker opening a body (leading whitespace ignored), or null when it has none. */
export function extractMarker(body: string): string | null {
  return MARKER.exec(body.trimStart())?.[1] ?? null;
}

/** Whether a body opens with exactly this identity's marker. */
export function hasMarker(body: string | null | undefined, fingerprint: string): boolean {
  return !!body && extractMarker(body) === fingerprint;
}

/**
 * The identity of an issue about several findings: `set:` + SHA-256 (hex, 40 chars) of their sorted, distinct
 * fingerprints, so the same findings always file the same issue whatever their order. One finding keeps its own
 * fingerprint.
 */
export function issueFingerprint(fingerprints: readonly string[]): string {
  const distinct = [...new Set(fingerprints)].sort();
  if (distinct.length === 1 && extractMarker(markerFor(distinct[0]!))) return distinct[0]!;
  return `set:${sha256Hex(distinct.join("\n")).slice(0, 40)}`;
}

/** An identity for an issue with no findings behind it (a hand-written body): SHA-256 of its normalised title. */
export function titleFingerprint(title: string): string {
  return `title:${sha256Hex(title.trim().toLowerCase().replace(/\s+/g, " ")).slice(0, 40)}`;
}
