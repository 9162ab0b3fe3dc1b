import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { STANDARD_TOOL_NAMES, TOOL_NAME_RE, dottedName, moduleOf } from "@/lib/runtime/define-tool";
import { renderToolDocs } from "./generate-docs";
import { listedTools, toolSnapshot } from "./list-tools";
import { findTool, tools } from "./registry";

const root = process.cwd();

describe("tool registry", () => {
  it("has unique names that clients accept, each with a risk and all four annotations", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const t of listedTools()) {
      // `<module>_<verb>`, except the names ChatGPT looks for verbatim (search, fetch), which belong to core.
      if (STANDARD_TOOL_NAMES.includes(t.name)) expect(moduleOf(t.name)).toBe("core");
      else expect(t.name).toMatch(TOOL_NAME_RE);
      expect(t.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(t.description.length, t.name).toBeGreaterThan(40);
      for (const k of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) expect(typeof t.annotations[k], `${t.name}.${k}`).toBe("boolean");
      expect(t.outputSchema.type).toBe("object");
      expect(t.inputSchema.type).toBe("object");
      // Strict inputs: unknown fields are rejected, not silently dropped.
      expect(t.inputSchema.additionalProperties, t.name).toBe(false);
    }
    for (const t of tools) {
      expect(["read", "write", "destructive"]).toContain(t.risk);
      expect(findTool(dottedName(t.name))).toBe(t);
      expect(["core", "auditlens", "releasebutler", "sitelint"]).toContain(moduleOf(t.name));
      expect(annotationsConsistent(t.risk, listedTools().find((l) => l.name === t.name)!.annotations)).toBe(true);
    }
  });

  it("matches the committed schema snapshots (lib/tools/__toolsnaps__; regenerate with npm run docs:tools)", () => {
    for (const t of tools) {
      const file = path.join(root, "lib/tools/__toolsnaps__", `${t.name}.json`);
      expect(fs.existsSync(file), `missing snapshot ${file}`).toBe(true);
      expect(JSON.parse(fs.readFileSync(file, "utf8")), t.name).toEqual(JSON.parse(JSON.stringify(toolSnapshot(t))));
    }
  });

  it("docs/tools.md is generated from the registry and up to date", () => {
    expect(fs.readFileSync(path.join(root, "docs/tools.md"), "utf8")).toBe(renderToolDocs(tools));
  });
});

function annotationsConsistent(risk: string, a: { readOnlyHint: boolean; destructiveHint: boolean }): boolean {
  return a.readOnlyHint === (risk === "read") && a.destructiveHint === (risk === "destructive");
}
