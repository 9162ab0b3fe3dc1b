import { z } from "zod";
import { AppError } from "@/lib/errors";
import { annotationsOf, defineTool, dottedName, jsonSchemasOf } from "@/lib/runtime/define-tool";

export const describeTool = defineTool({
  name: "core_describe_tool",
  title: "Describe a tool",
  description: "Return one tool's description, risk (read, write, destructive), annotations and full input/output JSON Schemas. Accepts the listed name (sitelint_start_scan) or the dotted alias (sitelint.start_scan).",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ name: z.string().min(1).max(100) }).strict(),
  output: z.object({
    name: z.string(),
    aliases: z.array(z.string()),
    title: z.string(),
    description: z.string(),
    risk: z.enum(["read", "write", "destructive"]),
    annotations: z.object({ readOnlyHint: z.boolean(), destructiveHint: z.boolean(), idempotentHint: z.boolean(), openWorldHint: z.boolean() }),
    rate_limit_bucket: z.string().nullable(),
    input_schema: z.record(z.string(), z.unknown()),
    output_schema: z.record(z.string(), z.unknown()),
  }),
  handler: async ({ name }, { catalog }) => {
    const tool = catalog.findTool(name);
    if (!tool) throw new AppError("NOT_FOUND", `No tool named ${name}.`);
    const { title: _t, ...annotations } = annotationsOf(tool);
    const schemas = jsonSchemasOf(tool);
    return {
      name: tool.name,
      aliases: dottedName(tool.name) === tool.name ? [] : [dottedName(tool.name)],
      title: tool.title,
      description: tool.description,
      risk: tool.risk,
      annotations,
      rate_limit_bucket: tool.rateLimit?.bucket ?? null,
      input_schema: schemas.inputSchema,
      output_schema: schemas.outputSchema,
    };
  },
});
