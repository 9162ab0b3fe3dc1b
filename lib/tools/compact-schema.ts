import type { ObjectJsonSchema } from "@/lib/runtime/define-tool";

type Schema = Record<string, unknown>;

/** Keys kept on a property: what a client needs to know a field's shape, not its documentation. */
const KEPT = ["type", "enum", "const", "format"] as const;

function shallow(s: unknown): Schema {
  if (!s || typeof s !== "object") return {};
  const src = s as Schema;
  for (const union of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(src[union])) return { [union]: (src[union] as unknown[]).map(shallow) };
  }
  const out: Schema = {};
  for (const k of KEPT) if (k in src) out[k] = src[k];
  if (src.type === "array" && src.items && typeof src.items === "object") {
    const items = shallow(src.items);
    // An array of scalars keeps its item type; an array of objects says only that.
    out.items = items.type === "object" ? { type: "object" } : items;
  }
  return out;
}

function compactObject(s: Schema): Schema {
  const props = (s.properties ?? {}) as Record<string, unknown>;
  return {
    type: "object",
    properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, shallow(v)])),
    ...(Array.isArray(s.required) ? { required: s.required } : {}),
  };
}

/**
 * The output schema as advertised in `tools/list`: the top-level fields with their types, enums and requiredness,
 * nested objects as `{ type: "object" }`, no descriptions or `additionalProperties`. Strictly looser than the full
 * schema (every constraint kept is also in it), so a result valid for the full schema is valid for this one (MCP
 * 2025-11-25 server/tools §Output Schema: structured results MUST conform to the advertised schema). It keeps
 * `tools/list` inside its byte budget (every conversation pays for it); the full schema is one call away:
 * `core_describe_tool` and docs/tools.md.
 */
export function compactOutputSchema(schema: ObjectJsonSchema): ObjectJsonSchema {
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches)) return { type: "object", anyOf: branches.map((b) => (b.type === "object" ? compactObject(b) : shallow(b))) };
  return compactObject(schema) as ObjectJsonSchema;
}
