import Ajv from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { jsonSchemasOf } from "@/lib/runtime/define-tool";
import { compactOutputSchema } from "./compact-schema";
import { listedTools } from "./list-tools";
import { tools } from "./registry";
import { serveMcp } from "./serve-mcp";

/** The budget: the whole `tools/list` with every module enabled, in bytes of JSON (≈ 15k tokens). */
const BUDGET_BYTES = 60_000;

const listBytes = () => Buffer.byteLength(JSON.stringify({ tools: listedTools() }));
async function rpc(method: string, params: Record<string, unknown>) {
  const res = await serveMcp(new Request("http://127.0.0.1:3000/mcp", { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) }));
  const text = await res.text();
  return JSON.parse(text.startsWith("{") ? text : /^data: (.*)$/m.exec(text)![1]!) as { result?: { tools?: { name: string; annotations: { readOnlyHint: boolean } }[] }; error?: { code: number; message: string } };
}
function withEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvForTests();
}
afterEach(() => {
  delete process.env.MCP_TOOLSETS;
  delete process.env.MCP_READ_ONLY;
  resetEnvForTests();
});

describe("the tool surface every conversation pays for", () => {
  it(`tools/list with every module enabled stays within ${BUDGET_BYTES} bytes`, () => {
    const bytes = listBytes();
    console.log(`tools/list: ${tools.length} tools, ${bytes} bytes of JSON (budget ${BUDGET_BYTES})`);
    expect(listedTools()).toHaveLength(tools.length);
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("the advertised output schema is a loosening of the full one: what the full schema accepts, it accepts", () => {
    const ajv = new Ajv({ strict: false });
    for (const t of tools) {
      const full = jsonSchemasOf(t).outputSchema;
      const compact = ajv.compile(compactOutputSchema(full));
      // Every instance the full schema's examples allow must pass; a minimal probe: the empty object is refused by
      // both exactly when the full schema requires fields, and the required lists are the same.
      const strict = ajv.compile(full);
      expect(compact({}), t.name).toBe(strict({}));
      expect(compactOutputSchema(full).type, t.name).toBe("object");
    }
  });

  it("MCP_READ_ONLY=true lists no tool that changes state, and refuses calling one as unknown", async () => {
    withEnv({ MCP_READ_ONLY: "true" });
    const listed = (await rpc("tools/list", {})).result!.tools!;
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.every((t) => t.annotations.readOnlyHint)).toBe(true);
    expect(listed.map((t) => t.name)).not.toContain("sitelint_delete_scan");
    const call = await rpc("tools/call", { name: "sitelint_delete_scan", arguments: { scan_id: "scan_x" } });
    expect(call.error).toMatchObject({ code: -32602, message: expect.stringContaining("Unknown tool") });
  });

  it("MCP_TOOLSETS=sitelint keeps core (and search/fetch) plus SiteLint; other modules are neither listed nor callable", async () => {
    withEnv({ MCP_TOOLSETS: "sitelint" });
    const names = (await rpc("tools/list", {})).result!.tools!.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["core_health", "core_get_job", "search", "fetch", "sitelint_start_scan"]));
    expect(names.some((n) => n.startsWith("auditlens_") || n.startsWith("releasebutler_"))).toBe(false);
    expect(listBytes()).toBeLessThan(BUDGET_BYTES / 2);
    const call = await rpc("tools/call", { name: "auditlens_list_runs", arguments: { repo: "acme/app" } });
    expect(call.error).toMatchObject({ code: -32602 });
  });
});
