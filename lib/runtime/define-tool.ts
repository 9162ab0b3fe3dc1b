import type { Logger } from "pino";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { GitHubAccess } from "@/lib/github/github-access";
import type { ObjectStore } from "@/lib/object-store";
import type { CallChannel } from "@/lib/runtime/call-channel";
import { ConfirmationRequired } from "@/lib/runtime/confirmations/confirmation-required";

/** How much a tool can change: drives MCP annotations and the write gate. */
export type Risk = "read" | "write" | "destructive";

/** The tools a handler may look up (`core_describe_tool`); handed in by the caller of `runTool` (lib/tools). */
export type ToolCatalog = { findTool(name: string): AnyTool | undefined };

/** What a handler receives besides its input. */
export type ToolContext = {
  principal: string;
  requestId: string;
  db: Db;
  objectStore: ObjectStore;
  log: Logger;
  catalog: ToolCatalog;
  /** GitHub, resolved per target repository's owner (credentials and installation) — see `createGitHubAccess`. */
  github: GitHubAccess;
  /**
   * The receipt of a confirmed write (null for reads and unconfirmed calls). A handler whose side effect continues in
   * a durable job calls `finalizeLater()`: the pipeline then leaves the receipt `pending` and the job finalises it
   * (`finalizeReceiptWithResult`) with the write's real outcome.
   */
  receipt: { id: string; finalizeLater(): void } | null;
  /** Narration for the user while the call runs (MCP log and progress notifications) — best-effort, never throws. */
  channel: CallChannel;
};

/** Resources a call targets, checked by policy before the handler runs (DESIGN.md §4 step 2). */
export type PolicyTargets = { urls?: string[]; repos?: string[] };

export type ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> = {
  /** `<module>_<verb>` ({@link TOOL_NAME_RE}; `tools/call` also accepts `<module>.<verb>`), or one of {@link STANDARD_TOOL_NAMES}. */
  name: string;
  title: string;
  description: string;
  risk: Risk;
  /** Touches the internet / third parties (MCP `openWorldHint`). */
  openWorld: boolean;
  /** Calling again with the same input has no additional effect (MCP `idempotentHint`). */
  idempotent: boolean;
  input: I;
  output: O;
  rateLimit?: { bucket: string };
  /** Targets the policy step checks (URLs for SiteLint, repos for GitHub writes). */
  targets?: (input: z.infer<I>) => PolicyTargets;
  /** For `write`/`destructive` tools (required there): what the call will do, in plain words, shown to the human who
   * confirms it. */
  summarize?: (input: z.infer<I>, ctx: ToolContext) => Promise<string>;
  /** For gated tools: false for a call that changes nothing (a `dry_run`), which then skips the write gate and has
   * no receipt. Default: every call is confirmed. */
  needsConfirmation?: (input: z.infer<I>) => boolean;
  handler: (input: z.infer<I>, ctx: ToolContext) => Promise<z.infer<O>>;
};

/** Any tool, with its input/output types erased (registry, pipeline). */
export type AnyTool = ToolDefinition<z.ZodObject, z.ZodObject>;

export const TOOL_NAME_RE = /^[a-z0-9]+_[a-z0-9_]{1,55}$/;

/**
 * The only names outside `<module>_<verb>`: ChatGPT deep research and company knowledge call a connector's tools by
 * these exact names (OpenAI, "Building MCP servers for ChatGPT and API integrations"), so no prefix is possible. Both
 * belong to the core module and have no dotted alias.
 */
export const STANDARD_TOOL_NAMES: readonly string[] = ["search", "fetch"];

/** True for a name {@link defineTool} accepts: {@link TOOL_NAME_RE} or one of {@link STANDARD_TOOL_NAMES}. */
export function isToolName(name: string): boolean {
  return TOOL_NAME_RE.test(name) || STANDARD_TOOL_NAMES.includes(name);
}

/**
 * Declare a tool once (DESIGN.md §3). Validates the name and that input is a strict object.
 * @throws Error at module load for a malformed declaration (a bug, caught by the registry test).
 */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(def: ToolDefinition<I, O>): ToolDefinition<I, O> {
  if (!isToolName(def.name)) throw new Error(`Tool name ${def.name} must match ${TOOL_NAME_RE} or be one of ${STANDARD_TOOL_NAMES.join(", ")}`);
  if (def.risk !== "read" && !def.summarize) throw new Error(`Tool ${def.name} changes state and must declare summarize()`);
  return def;
}

/** True for tools behind the write gate. */
export function isGated(tool: Pick<AnyTool, "risk">): boolean {
  return tool.risk !== "read";
}

/**
 * The schemas a tool is called and answered with. A gated tool's input also takes `confirmation_token`, and its output
 * is either the confirmation request (first call) or the handler's output plus the `receipt_id` of the write.
 */
export function effectiveSchemas(tool: AnyTool): { input: z.ZodObject; output: z.ZodType } {
  if (!isGated(tool)) return { input: tool.input, output: tool.output };
  return {
    input: tool.input.extend({
      confirmation_token: z.string().max(512).optional().describe("Token from this tool's confirmation_required result; omit on the first call"),
    }),
    output: z.union([
      ConfirmationRequired,
      tool.output.extend({
        receipt_id: tool.needsConfirmation
          ? z.string().optional().describe("Receipt of this write (core_get_receipt); absent for a call that writes nothing (dry_run)")
          : z.string().describe("Receipt of this write (core_get_receipt)"),
      }),
    ]),
  };
}

/** The module a tool belongs to: the part of its name before the first `_`; `core` for {@link STANDARD_TOOL_NAMES}. */
export function moduleOf(name: string): string {
  const i = name.indexOf("_");
  return i > 0 ? name.slice(0, i) : "core";
}

/**
 * The dotted alias the product always documented: `sitelint_start_scan` → `sitelint.start_scan`. A name without `_`
 * ({@link STANDARD_TOOL_NAMES}) has none: it is returned unchanged.
 */
export function dottedName(name: string): string {
  return name.replace("_", ".");
}

/** MCP tool annotations, all four explicit (ChatGPT flags missing ones). */
export function annotationsOf(tool: Pick<AnyTool, "risk" | "openWorld" | "idempotent" | "title">) {
  return {
    title: tool.title,
    readOnlyHint: tool.risk === "read",
    destructiveHint: tool.risk === "destructive",
    idempotentHint: tool.idempotent,
    openWorldHint: tool.openWorld,
  };
}

/** JSON Schemas of a tool's input and output as advertised in `tools/list`. */
export type ObjectJsonSchema = { type: "object"; [key: string]: unknown };

export function jsonSchemasOf(tool: AnyTool): { inputSchema: ObjectJsonSchema; outputSchema: ObjectJsonSchema } {
  const strip = (s: Record<string, unknown>): ObjectJsonSchema => {
    const { $schema: _drop, ...rest } = s;
    return { ...rest, type: "object" };
  };
  return {
    inputSchema: strip(z.toJSONSchema(effectiveSchemas(tool).input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    outputSchema: strip(z.toJSONSchema(effectiveSchemas(tool).output, { io: "output", unrepresentable: "any" }) as Record<string, unknown>),
  };
}
