import { annotationsOf, jsonSchemasOf, type AnyTool, type ObjectJsonSchema } from "@/lib/runtime/define-tool";
import { compactOutputSchema } from "./compact-schema";
import { toolUiMeta } from "./mcp-app";
import { tools } from "./registry";
import { exposedKey, isExposed } from "./toolsets";

type ListedTool = {
  name: string;
  title: string;
  description: string;
  inputSchema: ObjectJsonSchema;
  outputSchema: ObjectJsonSchema;
  annotations: Omit<ReturnType<typeof annotationsOf>, "title">;
  _meta: Record<string, unknown>;
};

// The registry is fixed at load time, so its JSON Schemas (z.toJSONSchema twice per tool) are built once, not on
// every tools/list or tools/call.
let listed: { key: string; tools: ListedTool[] } | undefined;
const schemas = new WeakMap<AnyTool, ReturnType<typeof jsonSchemasOf>>();

/** {@link jsonSchemasOf} of `tool`, computed once per tool (the same objects every time: do not mutate them). */
export function toolJsonSchemas(tool: AnyTool): ReturnType<typeof jsonSchemasOf> {
  let s = schemas.get(tool);
  if (!s) schemas.set(tool, (s = jsonSchemasOf(tool)));
  return s;
}

/**
 * The `tools/list` entries of the tools this deployment exposes (`MCP_TOOLSETS`, `MCP_READ_ONLY`): underscore names,
 * full input schemas, compact output schemas ({@link compactOutputSchema}: the whole list is in every conversation's
 * context, so it has a byte budget — lib/tools/tool-surface.test.ts), all four annotations explicit, and the MCP App /
 * ChatGPT `_meta` of the tools the in-chat dashboard renders. Built once per configuration and returned as the same
 * array afterwards (do not mutate it).
 */
export function listedTools(): ListedTool[] {
  const key = exposedKey();
  if (listed?.key !== key) {
    const entries = tools.filter(isExposed).map((t) => toolSnapshot(t).listed);
    listed = { key, tools: entries };
  }
  return listed.tools;
}

/**
 * ChatGPT's status line while a tool runs (Apps SDK `openai/toolInvocation/invoking`, ≤ 64 characters). The
 * `invoked` line is set only where it says more than "done" (the dashboard's tools, `toolUiMeta`): every byte here is
 * paid in every conversation.
 */
function invocationStatus(tool: AnyTool): Record<string, string> {
  const line = `${tool.title}…`;
  return { "openai/toolInvocation/invoking": line.length > 64 ? `${line.slice(0, 63)}…` : line };
}

/**
 * What `lib/tools/__toolsnaps__/<name>.json` pins for a tool: its `tools/list` entry with every module enabled, and the
 * full output schema behind the compact one (so a change to either shows in review).
 */
export function toolSnapshot(tool: AnyTool): { listed: ListedTool; fullOutputSchema: ObjectJsonSchema } {
  const { inputSchema, outputSchema } = toolJsonSchemas(tool);
  // The title is the tool's top-level `title` (MCP 2025-06-18+); repeating it in annotations only costs bytes.
  const { title: _title, ...annotations } = annotationsOf(tool);
  const _meta = { ...invocationStatus(tool), ...toolUiMeta(tool.name) };
  return {
    listed: { name: tool.name, title: tool.title, description: tool.description, inputSchema, outputSchema: compactOutputSchema(outputSchema), annotations, _meta },
    fullOutputSchema: outputSchema,
  };
}
