import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { PolicyTargets, Risk } from "@/lib/runtime/define-tool";
import { assertUrlAllowed } from "@/lib/net/url-policy";
import { compiledPolicy } from "./compiled-policy";
import { getWritesDisabled } from "./kill-switch";

/**
 * The policy step (DESIGN.md §4 step 2), before any handler: the operators' kill switch for state-changing tools, the
 * repo write allowlist (`GITHUB_WRITE_ALLOWLIST`, `owner/repo` globs, compiled once: {@link compiledPolicy}) for every
 * GitHub target of a write, and the URL allow/deny + SSRF policy for every URL a tool will fetch. A read tool without
 * URL targets costs no statement and no I/O; a write costs one (prepared) read of the kill switch.
 * @returns the name of the policy that refused the call, by throwing.
 * @throws AppError `WRITES_DISABLED`, `POLICY_DENIED` (repo not allowlisted), `URL_NOT_ALLOWED` / `VALIDATION_ERROR`
 *   (URL policy); each with `details.policy`.
 */
export async function checkPolicies(db: Db, o: { tool: string; risk: Risk; targets: PolicyTargets }): Promise<void> {
  const policy = compiledPolicy();
  if (o.risk !== "read") {
    const kill = await getWritesDisabled(db);
    if (kill.disabled) {
      throw new AppError("WRITES_DISABLED", `Writes are disabled by an operator${kill.reason ? `: ${kill.reason}` : ""}. Read tools still work.`, { policy: "kill_switch" });
    }
    for (const repo of o.targets.repos ?? []) {
      if (!policy.repoWritable(repo)) {
        throw new AppError("POLICY_DENIED", `Writes to ${repo} are not allowed: it is not on GITHUB_WRITE_ALLOWLIST.`, { policy: "repo_allowlist", repo });
      }
    }
  }
  for (const url of o.targets.urls ?? []) {
    try {
      await assertUrlAllowed(url, policy.urlPolicy);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, e.message, { ...e.details, policy: "url" });
      throw e;
    }
  }
}
