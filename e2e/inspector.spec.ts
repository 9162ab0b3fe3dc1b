import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const HERE = path.dirname(fileURLToPath(import.meta.url));

const run = promisify(execFile);

test("MCP Inspector CLI lists the tools of the running app", async () => {
  test.setTimeout(180_000);
  // The Inspector needs Node >= 22; the npm `node` package provides one when this Node is older.
  const cli = path.resolve(HERE, "..", "node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
  const major = Number(process.versions.node.split(".")[0]);
  const [cmd, pre] = major >= 22 ? [process.execPath, []] : ["npx", ["-y", "-p", "node@22", "node"]];
  const { stdout } = await run(cmd, [...pre, cli, "--cli", `${process.env.OA_BASE_URL}/mcp`, "--transport", "http", "--method", "tools/list"], {
    timeout: 150_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const listed = JSON.parse(stdout) as { tools: { name: string; outputSchema?: unknown }[] };
  expect(listed.tools.map((t) => t.name)).toContain("sitelint_start_scan");
  expect(listed.tools.every((t) => t.outputSchema)).toBe(true);
});
