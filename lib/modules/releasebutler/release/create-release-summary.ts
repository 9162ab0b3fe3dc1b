import type { ReleasePlan } from "./plan-release";
import type { CreateReleaseInput } from "./release-input";

const PAYLOAD_HASH_LABEL = "payload hash";

/** The payload hash a confirmation summary written by {@link createReleaseSummary} states, or null. */
export function payloadHashOfSummary(summary: string): string | null {
  return new RegExp(`${PAYLOAD_HASH_LABEL} ([0-9a-f]{64})`).exec(summary)?.[1] ?? null;
}

/** Characters of the notes quoted in the confirmation summary. */
const NOTES_CHARS = 6000;

/**
 * The confirmation text a human approves: the release (tag, target, draft/prerelease, publication), every asset with
 * its size and sha256, the payload hash of the planned requests, and the notes the release will carry.
 */
export function createReleaseSummary(input: CreateReleaseInput, plan: ReleasePlan, notes: string | null): string {
  const flags = [input.draft ? "kept as a draft" : "published once every asset is uploaded", input.prerelease ? "prerelease" : null].filter(Boolean).join(", ");
  const assets = plan.assets.length
    ? plan.assets.map((a) => `- ${a.name} — ${a.size} bytes, sha256 ${a.sha256}, ${a.content_type}${a.replace ? " (replaces a different asset of that name)" : ""} ← ${a.path}`).join("\n")
    : "- (no assets)";
  const quoted = notes ? (notes.length > NOTES_CHARS ? `${notes.slice(0, NOTES_CHARS)}… (${notes.length} characters in all)` : notes) : "(no release notes)";
  return [
    `Create release ${input.tag_name} in ${input.repo}${input.target_commitish ? ` from ${input.target_commitish}` : ""} (${flags})`,
    `Title: ${input.name ?? input.tag_name}`,
    `Assets (${plan.assets.length}):`,
    assets,
    `Planned requests: ${plan.requests.length}, ${PAYLOAD_HASH_LABEL} ${plan.payload_hash}`,
    "",
    `Release notes${input.generate_notes ? " (generated)" : ""}:`,
    quoted,
  ].join("\n");
}
