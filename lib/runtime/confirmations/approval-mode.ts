import picomatch from "picomatch";
import { getEnv, type ApprovalModeName } from "@/lib/env";

/**
 * Who approves a gated call: `operator` (a signed-in operator, in the console), `elicitation` (the user, in the chat,
 * during the call — MCP form elicitation / `input_required`), `token` (the token alone).
 */
export type ApprovalMode = ApprovalModeName;

/** Strictest first: when several repo rules match, the first of these among them wins. */
const STRICTNESS: readonly ApprovalMode[] = ["operator", "elicitation", "token"];

/**
 * The approval mode for a gated call. `CONFIRMATION_APPROVAL_RULES` (parsed and validated at boot: `tool_name=mode`,
 * `repo:<owner/repo glob>=mode`) override `CONFIRMATION_APPROVAL_MODE`; a repo rule matching any target repo wins over
 * a tool rule, and the strictest mode wins when several repo rules match (operator, then elicitation, then token).
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
  if (repoModes.length) return STRICTNESS.find((m) => repoModes.includes(m))!;
  return toolMode ?? env.CONFIRMATION_APPROVAL_MODE;
}
