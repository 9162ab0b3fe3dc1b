import { annotationsOf, jsonSchemasOf } from "@/lib/runtime/define-tool";
import { tools } from "./registry";

/** The `tools/list` entries: underscore names, full JSON Schemas, all four annotations explicit. */
export function listedTools() {
  return tools.map((t) => ({ name: t.name, title: t.title, description: t.description, ...jsonSchemasOf(t), annotations: annotationsOf(t) }));
}
