import { auditlensTools } from "@/lib/modules/auditlens/tools";
import { coreTools } from "@/lib/modules/core/tools";
import { fetchTool } from "@/lib/modules/core/tools/fetch";
import { searchTool } from "@/lib/modules/core/tools/search";
import { releasebutlerTools } from "@/lib/modules/releasebutler/tools";
import { sitelintTools } from "@/lib/modules/sitelint/tools";
import { dottedName, type AnyTool } from "@/lib/runtime/define-tool";

/** Every tool, declared once (DESIGN.md §3). Order is the order of `tools/list` and of docs/tools.md. */
export const tools: readonly AnyTool[] = [...coreTools, searchTool, fetchTool, ...auditlensTools, ...releasebutlerTools, ...sitelintTools] as unknown as AnyTool[];

const byName = new Map<string, AnyTool>();
for (const t of tools) {
  if (byName.has(t.name)) throw new Error(`Duplicate tool name ${t.name}`);
  byName.set(t.name, t);
  byName.set(dottedName(t.name), t);
}

/** Find a tool by its listed name (`sitelint_start_scan`) or its dotted alias (`sitelint.start_scan`). */
export function findTool(name: string): AnyTool | undefined {
  return byName.get(name);
}
