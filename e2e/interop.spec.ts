import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { z } from "zod";
import { callOk, connectMcp, waitForJob } from "./support/mcp";
import { connectMcpV2, MODERN_PROTOCOL_VERSION } from "./support/mcp-v2";
import { startStaticServer, type StaticServer } from "./support/static-server";

// Interop: the same four operations — list tools, call core_health, read a resource (the JobRef of a scan this spec
// runs, omniaudit://jobs/<job_id>), get the audit_site prompt — from every kind of client OmniAudit is used with:
// the official SDK v1 client, the v2 client in both eras (2025-11-25 legacy, 2026-07-28 modern), the MCP Inspector CLI,
// and mcp-remote (stdio ↔ Streamable HTTP bridge, as Claude Desktop and other stdio-only hosts use it).

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);
const base = () => process.env.OA_BASE_URL!;

const ToolsList = z.object({ tools: z.array(z.object({ name: z.string(), outputSchema: z.object({ type: z.string() }).loose().optional() }).loose()) }).loose();
const TextBlock = z.object({ type: z.literal("text"), text: z.string() }).loose();
const CallResult = z.object({ isError: z.boolean().optional(), content: z.array(z.object({ type: z.string() }).loose()), structuredContent: z.record(z.string(), z.unknown()).optional() }).loose();
const ReadResult = z.object({ contents: z.array(z.object({ uri: z.string(), mimeType: z.string().optional(), text: z.string().optional(), blob: z.string().optional() }).loose()) }).loose();
const PromptResult = z.object({ description: z.string().optional(), messages: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.object({ type: z.string() }).loose() })) }).loose();

/** What the spec set up: a finished SiteLint scan of a one-page site, and that site's URL. */
type Fixture = { siteUrl: string; jobId: string; scanId: string; screenshotHex: string };

/** The methods every client below shares (the v1 and v2 `Client`, and an adapter over mcp-remote / the Inspector). */
type Ops = {
  listTools(): Promise<unknown>;
  callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  readResource(p: { uri: string }): Promise<unknown>;
  getPrompt(p: { name: string; arguments: Record<string, string> }): Promise<unknown>;
};

function expectTools(raw: unknown): void {
  const { tools } = ToolsList.parse(raw);
  expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["core_health", "core_get_job", "sitelint_start_scan", "sitelint_get_scan"]));
  for (const t of tools) expect(t.outputSchema?.type, t.name).toBe("object");
}

function expectHealth(raw: unknown): void {
  const r = CallResult.parse(raw);
  expect(r.isError ?? false, JSON.stringify(r.content)).toBe(false);
  expect(r.structuredContent).toMatchObject({ status: expect.stringMatching(/^(ok|degraded)$/), database: { kind: process.env.OA_DB_KIND, ok: true } });
  // The text copy for clients that ignore structuredContent is the same JSON.
  const text = r.content.map((c) => TextBlock.safeParse(c)).find((p) => p.success)?.data;
  expect(text, "a text content block").toBeDefined();
  expect(JSON.parse(text!.text)).toEqual(r.structuredContent);
}

function expectJobResource(raw: unknown, fx: Fixture): void {
  const uri = `omniaudit://jobs/${fx.jobId}`;
  const { contents } = ReadResult.parse(raw);
  expect(contents).toHaveLength(1);
  expect(contents[0]).toMatchObject({ uri, mimeType: "application/json" });
  expect(contents[0]!.blob).toBeUndefined();
  expect(JSON.parse(contents[0]!.text ?? "null")).toMatchObject({ job_id: fx.jobId, module: "sitelint", status: "succeeded", progress: 1 });
}

function expectAuditSitePrompt(raw: unknown, fx: Fixture): void {
  const { messages } = PromptResult.parse(raw);
  expect(messages.length).toBeGreaterThan(0);
  expect(messages[0]!.role).toBe("user");
  const text = messages.map((m) => TextBlock.safeParse(m.content)).filter((p) => p.success).map((p) => p.data.text).join("\n");
  // The prompt starts the flow: it names the URL to audit and the tools that do it.
  expect(text).toContain(fx.siteUrl);
  expect(text).toContain("sitelint_start_scan");
  expect(text).toMatch(/core_get_job|sitelint_get_scan|sitelint_list_findings/);
}

/** List + call + read + prompt through one client, each result checked against the contract above. */
async function exercise(c: Ops, fx: Fixture): Promise<void> {
  expectTools(await c.listTools());
  expectHealth(await c.callTool({ name: "core_health", arguments: {} }));
  expectJobResource(await c.readResource({ uri: `omniaudit://jobs/${fx.jobId}` }), fx);
  expectAuditSitePrompt(await c.getPrompt({ name: "audit_site", arguments: { url: fx.siteUrl } }), fx);
}

/** The screenshot object as a base64 blob: PNG bytes whose SHA-256 is the URI's (objects are content-addressed). */
function expectScreenshotBlob(raw: unknown, fx: Fixture): void {
  const { contents } = ReadResult.parse(raw);
  expect(contents[0]).toMatchObject({ uri: `omniaudit://objects/sha256/${fx.screenshotHex}`, mimeType: "image/png" });
  expect(contents[0]!.text).toBeUndefined();
  const bytes = Buffer.from(contents[0]!.blob ?? "", "base64");
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(fx.screenshotHex);
}

/** `[command, leadingArgs]` running a Node ≥ 22 script (the Inspector needs 22; the npm `node` package provides it). */
function node22(): [string, string[]] {
  return Number(process.versions.node.split(".")[0]) >= 22 ? [process.execPath, []] : ["npx", ["-y", "-p", "node@22", "node"]];
}

test.describe("interop: the same MCP operations from five kinds of client", () => {
  let site: StaticServer;
  let siteDir: string;
  let fx: Fixture;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    siteDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-interop-site-"));
    fs.writeFileSync(path.join(siteDir, "index.html"), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Interop</title><meta name="description" content="A one-page site for the interop test."></head><body><main><h1>Interop</h1><p>Hello.</p></main></body></html>');
    site = await startStaticServer({ root: siteDir });
    const client = await connectMcp(base());
    try {
      const siteUrl = site.url("/index.html");
      const job = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: siteUrl, profile: "quick", crawl_budget: 1 });
      const final = await waitForJob(client, job.job_id);
      expect(final.status, JSON.stringify(final)).toBe("succeeded");
      const scan = await callOk<{ pages: { screenshot_ref: string | null }[] }>(client, "sitelint_get_scan", { scan_id: job.scan_id });
      const screenshotHex = /sha256\/([0-9a-f]{64})$/.exec(scan.pages[0]?.screenshot_ref ?? "")?.[1];
      expect(screenshotHex, JSON.stringify(scan.pages)).toBeDefined();
      fx = { siteUrl, jobId: job.job_id, scanId: job.scan_id, screenshotHex: screenshotHex! };
    } finally {
      await client.close();
    }
  });
  test.afterAll(async () => {
    await site?.close();
    if (siteDir) fs.rmSync(siteDir, { recursive: true, force: true });
  });

  test("official SDK v1 client (@modelcontextprotocol/sdk)", async () => {
    const client = await connectMcp(base());
    try {
      expect(client.getServerVersion()?.name).toBe("omniaudit");
      await exercise(client, fx);
      // Discovery the v1 client relies on: the templates of the omniaudit:// scheme and the prompt's argument.
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(expect.arrayContaining(["omniaudit://objects/sha256/{hex}", "omniaudit://jobs/{job_id}", "omniaudit://scans/{scan_id}", "omniaudit://receipts/{receipt_id}"]));
      const { prompts } = await client.listPrompts();
      expect(prompts.find((p) => p.name === "audit_site")?.arguments).toEqual(expect.arrayContaining([expect.objectContaining({ name: "url", required: true })]));
      expectScreenshotBlob(await client.readResource({ uri: `omniaudit://objects/sha256/${fx.screenshotHex}` }), fx);
    } finally {
      await client.close();
    }
  });

  test("official SDK v2 client, legacy era (2025-11-25, initialize)", async () => {
    const client = await connectMcpV2(base(), { era: "legacy" });
    try {
      expect(client.getProtocolEra()).toBe("legacy");
      expect(client.getNegotiatedProtocolVersion()).toBe("2025-11-25");
      expect(client.getDiscoverResult()).toBeUndefined();
      expect(client.getServerVersion()?.name).toBe("omniaudit");
      await exercise(client, fx);
    } finally {
      await client.close();
    }
  });

  test("official SDK v2 client, modern era (2026-07-28 pinned, server/discover)", async () => {
    const client = await connectMcpV2(base(), { era: "modern" });
    try {
      expect(client.getProtocolEra()).toBe("modern");
      expect(client.getNegotiatedProtocolVersion()).toBe(MODERN_PROTOCOL_VERSION);
      expect(client.getDiscoverResult()?.supportedVersions).toContain(MODERN_PROTOCOL_VERSION);
      expect(client.getServerCapabilities()).toMatchObject({ tools: expect.any(Object), resources: expect.any(Object), prompts: expect.any(Object) });
      await exercise(client, fx);
      expectScreenshotBlob(await client.readResource({ uri: `omniaudit://objects/sha256/${fx.screenshotHex}` }), fx);
    } finally {
      await client.close();
    }
  });

  test("MCP Inspector CLI (@modelcontextprotocol/inspector --cli)", async () => {
    test.setTimeout(300_000);
    const cli = path.join(root, "node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
    const [cmd, pre] = node22();
    const inspector = async (args: string[]): Promise<unknown> => {
      const { stdout } = await run(cmd, [...pre, cli, "--cli", `${base()}/mcp`, "--transport", "http", ...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
      return JSON.parse(stdout);
    };
    await exercise(
      {
        listTools: () => inspector(["--method", "tools/list"]),
        callTool: (p) => inspector(["--method", "tools/call", "--tool-name", p.name, ...Object.entries(p.arguments).flatMap(([k, v]) => ["--tool-arg", `${k}=${JSON.stringify(v)}`])]),
        readResource: (p) => inspector(["--method", "resources/read", "--uri", p.uri]),
        // --prompt-args takes the rest of the line (variadic), so it comes last.
        getPrompt: (p) => inspector(["--method", "prompts/get", "--prompt-name", p.name, "--prompt-args", ...Object.entries(p.arguments).map(([k, v]) => `${k}=${v}`)]),
      },
      fx,
    );
  });

  test("mcp-remote (stdio ↔ Streamable HTTP bridge) under the v1 SDK's StdioClientTransport", async () => {
    test.setTimeout(180_000);
    const pkgJson = createRequire(path.join(root, "package.json")).resolve("mcp-remote/package.json");
    const pkg = JSON.parse(fs.readFileSync(pkgJson, "utf8")) as { bin: string | Record<string, string> };
    const bin = path.join(path.dirname(pkgJson), typeof pkg.bin === "string" ? pkg.bin : pkg.bin["mcp-remote"]!);
    // mcp-remote keeps OAuth client state and tokens in MCP_REMOTE_CONFIG_DIR (default ~/.mcp-auth): a temp dir here.
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "omniaudit-mcp-remote-"));
    const stderr: string[] = [];
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, `${base()}/mcp`, "--transport", "http-only", "--allow-http"],
      env: { ...(process.env as Record<string, string>), MCP_REMOTE_CONFIG_DIR: configDir },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (d) => stderr.push(String(d)));
    const client = new ClientV1({ name: "omniaudit-e2e-via-mcp-remote", version: "1.0.0" });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()?.name, stderr.join("")).toBe("omniaudit");
      await exercise(client, fx);
      // MCP_AUTH_MODE=none: the bridge connected without OAuth, so it stored no client registration or tokens.
      const stored = (fs.readdirSync(configDir, { recursive: true }) as string[]).filter((f) => /(^|\/)(tokens|client_info)\.json$/.test(f));
      expect(stored).toEqual([]);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nmcp-remote stderr:\n${stderr.join("").slice(-4000)}`);
    } finally {
      await client.close();
      fs.rmSync(configDir, { recursive: true, force: true });
    }
  });
});
