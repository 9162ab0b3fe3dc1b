import picomatch from "picomatch";
import { getEnv } from "@/lib/env";

export type ApprovalMode = "operator" | "token";

/**
 * The approval mode for a gated call. `CONFIRMATION_APPROVAL_RULES` (`tool_name=mode`, `repo:<owner/repo glob>=mode`)
 * override `CONFIRMATION_APPROVAL_MODE`; a repo rule matching any target repo wins over a tool rule, and `operator`
 * wins when several repo rules match (the stricter mode).
 */
export function approvalModeFor(tool: string, repos: string[] = []): ApprovalMode {
  const env = getEnv();
  let toolMode: ApprovalMode | undefined;
  const repoModes: ApprovalMode[] = [];
  for (const rule of env.CONFIRMATION_APPROVAL_RULES) {
    const [lhs, mode] = rule.split("=").map((s) => s.trim());
    if (mode !== "operator" && mode !== "token") continue;
    if (lhs?.startsWith("repo:")) {
      const isMatch = picomatch(lhs.slice(5), { nocase: true });
      if (repos.some((r) => isMatch(r))) repoModes.push(mode);
    } else if (lhs === tool || lhs === tool.replace("_", ".")) toolMode = mode;
  }
  if (repoModes.length) return repoModes.includes("operator") ? "operator" : "token";
  return toolMode ?? env.CONFIRMATION_APPROVAL_MODE;
}
