import { getEnv } from "@/lib/env";
import { moduleOf, type AnyTool } from "@/lib/runtime/define-tool";

/**
 * Which tools this deployment exposes over MCP: `MCP_TOOLSETS` (modules; `core` always on — jobs, receipts and
 * confirmations belong to every flow) and `MCP_READ_ONLY` (no tool that changes state). A hidden tool is neither
 * listed nor callable — `tools/call` answers it as unknown, so a client cannot reach what it was not shown.
 */
export function isExposed(tool: Pick<AnyTool, "name" | "risk">): boolean {
  const env = getEnv();
  if (env.MCP_READ_ONLY && tool.risk !== "read") return false;
  if (!env.MCP_TOOLSETS.length) return true;
  const mod = moduleOf(tool.name);
  return mod === "core" || env.MCP_TOOLSETS.some((t) => t.module === mod);
}

/** The configuration the exposed set depends on (a cache key for lists built from it). */
export function exposedKey(): string {
  const env = getEnv();
  return `${env.MCP_READ_ONLY ? "ro" : "rw"}:${env.MCP_TOOLSETS.map((t) => t.module).sort().join(",")}`;
}
