import picomatch from "picomatch";
import { getEnv } from "@/lib/env";

export type ApprovalMode = "operator" | "token";

/**
 * The approval mode for a gated call. `CONFIRMATION_APPROVAL_RULES` (parsed and validated at boot: `tool_name=mode`,
 * `repo:<owner/repo glob>=mode`) override `CONFIRMATION_APPROVAL_MODE`; a repo rule matching any target repo wins over
 * a tool rule, and `operator` wins when several repo rules match (the stricter mode).
 */
export function approvalModeFor(tool: string, repos: string[] = []): ApprovalMode {
  const env = getEnv();
  let toolMode: ApprovalMode | undefined;
  const repoModes: ApprovalMode[] = [];
  for (const rule of env.CONFIRMATION_APPROVAL_RULES) {
    if (rule.kind === "repo") {
      const isMatch = picomatch(rule.glob, { nocase: true });
      if (repos.some((r) => isMatch(r))) repoModes.push(rule.mode);
    } else if (rule.tool === tool) toolMode = rule.mode;
  }
  if (repoModes.length) return repoModes.includes("operator") ? "operator" : "token";
  return toolMode ?? env.CONFIRMATION_APPROVAL_MODE;
}
