import "server-only";
import picomatch from "picomatch";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PolicyTargets, Risk } from "@/lib/runtime/define-tool";
import { getWritesDisabled } from "./kill-switch";
import { assertUrlAllowed } from "@/lib/net/url-policy";

/**
 * The policy step (DESIGN.md §4 step 2), before any handler: the operators' kill switch for state-changing tools, the
 * repo write allowlist (`GITHUB_WRITE_ALLOWLIST`, `owner/repo` globs) for every GitHub target of a write, and the URL
 * allow/deny + SSRF policy for every URL a tool will fetch.
 * @returns the name of the policy that refused the call, by throwing.
 * @throws AppError `WRITES_DISABLED`, `POLICY_DENIED` (repo not allowlisted), `URL_NOT_ALLOWED` / `VALIDATION_ERROR`
 *   (URL policy); each with `details.policy`.
 */
export async function checkPolicies(db: Db, o: { tool: string; risk: Risk; targets: PolicyTargets }): Promise<void> {
  const env = getEnv();
  if (o.risk !== "read") {
    const kill = await getWritesDisabled(db);
    if (kill.disabled) {
      throw new AppError("WRITES_DISABLED", `Writes are disabled by an operator${kill.reason ? `: ${kill.reason}` : ""}. Read tools still work.`, { policy: "kill_switch" });
    }
    for (const repo of o.targets.repos ?? []) {
      if (!env.GITHUB_WRITE_ALLOWLIST.some((glob) => picomatch(glob, { nocase: true })(repo))) {
        throw new AppError("POLICY_DENIED", `Writes to ${repo} are not allowed: it is not on GITHUB_WRITE_ALLOWLIST.`, { policy: "repo_allowlist", repo });
      }
    }
  }
  const policy = env.sitelintUrlPolicy;
  for (const url of o.targets.urls ?? []) {
    try {
      await assertUrlAllowed(url, policy);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, e.message, { ...e.details, policy: "url" });
      throw e;
    }
  }
}
