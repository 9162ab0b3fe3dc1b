import { sha256Hex } from "@/lib/crypto/hash";
import { urlPathKey } from "./normalize-url";

/**
 * Stable identity of a finding across scans, for baseline diffs ("new since last scan", "fixed").
 *
 * `sha256(ruleId + "\n" + pathname+search + "\n" + (selector ?? ""))`, hex. The scheme, host and port are left out
 * on purpose so a scan of staging (`http://127.0.0.1:3000/a`) matches a scan of production (`https://example.com/a`);
 * the fragment is never part of a page's identity.
 *
 * @returns 64 lower-case hex characters.
 */
export function findingFingerprint({ ruleId, pageUrl, selector }: { ruleId: string; pageUrl: string; selector?: string }): string {
  return sha256Hex(`${ruleId}\n${urlPathKey(pageUrl)}\n${selector ?? ""}`);
}
