import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { getObjectStore } from "@/lib/object-store";
import { runTool, type ToolCallResult } from "@/lib/runtime/run-tool";
import { seedFinishedScan } from "@/lib/runtime/test-support";
import { registerResources } from "./mcp-resources";
import { connectInMemory } from "./mcp-test-client";
import { findTool } from "./registry";
import { MAX_INLINE_TEXT_BYTES, MAX_LINKS, withResourceLinks } from "./resource-links";

const call = (name: string, args: Record<string, unknown>) => runTool({ tool: findTool(name)!, args, principal: "tester", requestId: `req-${name}` });
const hexOf = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);
const linksOf = (r: { content: { type: string }[] }) => r.content.filter((c) => c.type === "resource_link") as unknown as { uri: string; name: string; title?: string; mimeType?: string; description?: string }[];
/** What run-tool's okResult builds: the structured result and its pretty JSON copy. */
const ok = (structured: Record<string, unknown>): ToolCallResult => ({ content: [{ type: "text", text: JSON.stringify(structured, null, 2) }], structuredContent: structured });

let scan: Awaited<ReturnType<typeof seedFinishedScan>>;
beforeAll(async () => {
  scan = await seedFinishedScan(await getDb(), "links");
});

describe("withResourceLinks", () => {
  it("links a sitelint_get_scan result's scan, job and page screenshot, each once, after the unchanged JSON text", async () => {
    const result = await call("sitelint_get_scan", { scan_id: scan.scanId });
    const linked = await withResourceLinks("sitelint_get_scan", result);
    expect(linked.content[0]).toEqual(result.content[0]);
    expect(linked.structuredContent).toEqual(result.structuredContent);
    expect(linksOf(linked)).toEqual([
      { type: "resource_link", uri: `omniaudit://scans/${scan.scanId}`, name: scan.scanId, title: "Site audit", mimeType: "application/json", description: `Site audit ${scan.scanId}` },
      { type: "resource_link", uri: `omniaudit://jobs/${scan.jobId}`, name: scan.jobId, title: "Job", mimeType: "application/json", description: `Job ${scan.jobId}` },
      { type: "resource_link", uri: `omniaudit://objects/sha256/${hexOf(scan.ref)}`, name: scan.ref, title: "Page screenshot", mimeType: "image/png", description: "Page screenshot — https://example.com/ (desktop)" },
    ]);
  });

  it("links a finding's evidence from sitelint_list_findings, and the links resolve as resources", async () => {
    const linked = await withResourceLinks("sitelint_list_findings", await call("sitelint_list_findings", { scan_id: scan.scanId }));
    const links = linksOf(linked);
    expect(links.map((l) => l.uri)).toEqual([`omniaudit://scans/${scan.scanId}`, `omniaudit://objects/sha256/${hexOf(scan.ref)}`]);
    expect(links[1]).toMatchObject({ title: "Evidence", description: "Evidence — https://example.com/ (desktop)" });
    const client = await connectInMemory(registerResources);
    try {
      for (const l of links) expect((await client.readResource({ uri: l.uri })).contents.length, l.uri).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("links receipt ids, object refs of either form and nested job ids; not GitHub's numeric job ids", async () => {
    const hex = "c".repeat(64);
    const linked = await withResourceLinks("x_tool", ok({
      receipt_id: "rcpt_abc",
      result_ref: `s3://omni-bucket/pre/fix/sha256/${hex}`,
      job: { job_id: "job_1", status: "queued" },
      entries: [{ path: "reports/a.sarif", ref: `sha256/${"d".repeat(64)}` }],
      github_job: { job_id: 12345 },
      note: "sha256/not-a-ref",
    }));
    expect(linksOf(linked).map((l) => [l.uri, l.title, l.description])).toEqual([
      ["omniaudit://receipts/rcpt_abc", "Receipt", "Receipt rcpt_abc"],
      [`omniaudit://objects/sha256/${hex}`, "Receipt result", "Receipt result"],
      ["omniaudit://jobs/job_1", "Job", "Job job_1"],
      [`omniaudit://objects/sha256/${"d".repeat(64)}`, "Artifact file", "Artifact file — reports/a.sarif"],
    ]);
  });

  it(`adds at most ${MAX_LINKS} links and leaves error results alone`, async () => {
    const many = ok({ jobs: Array.from({ length: 80 }, (_, i) => ({ job_id: `job_${i}` })) });
    expect(linksOf(await withResourceLinks("core_list_jobs", many))).toHaveLength(MAX_LINKS);
    const failed = await call("sitelint_get_scan", { scan_id: "scan_missing" });
    expect(failed.isError).toBe(true);
    expect(await withResourceLinks("sitelint_get_scan", failed)).toEqual(failed);
  });

  it("replaces an oversized JSON text with a summary and a link to the stored JSON; structuredContent stays complete", async () => {
    const structured = { scan_id: "scan_big", status: "succeeded", pages: Array.from({ length: 400 }, (_, i) => ({ url: `https://example.com/p${i}`, title: "x".repeat(200) })) };
    const result = ok(structured);
    const bytes = Buffer.byteLength(result.content[0]!.text);
    expect(bytes).toBeGreaterThan(MAX_INLINE_TEXT_BYTES);
    const linked = await withResourceLinks("sitelint_get_scan", result);
    expect(linked.structuredContent).toBe(structured);
    const [summary, full, ...links] = linked.content;
    expect(summary).toMatchObject({ type: "text" });
    const summaryText = (summary as { text: string }).text;
    expect(summaryText.length).toBeLessThan(2000);
    expect(summaryText).toContain("sitelint_get_scan");
    expect(summaryText).toContain("pages: 400 items");
    expect(full).toMatchObject({ type: "resource_link", uri: expect.stringMatching(/^omniaudit:\/\/objects\/sha256\/[0-9a-f]{64}$/), mimeType: "application/json", size: bytes });
    const fullUri = (full as { uri: string }).uri;
    expect(summaryText).toContain(fullUri);
    expect((await getObjectStore().get(`sha256/${fullUri.slice(-64)}`)).toString("utf8")).toBe(result.content[0]!.text);
    expect(links.map((l) => (l as { uri: string }).uri)).toEqual(["omniaudit://scans/scan_big"]);
    // The stored JSON reads back as an application/json text resource.
    const client = await connectInMemory(registerResources);
    try {
      const read = await client.readResource({ uri: fullUri });
      expect(read.contents[0]).toMatchObject({ mimeType: "application/json" });
      expect(JSON.parse(String((read.contents[0] as { text: string }).text))).toEqual(structured);
    } finally {
      await client.close();
    }
  });

  it("keeps a text at the bound inline", async () => {
    const pad = "y".repeat(MAX_INLINE_TEXT_BYTES - 40);
    const result = ok({ pad });
    expect(Buffer.byteLength(result.content[0]!.text)).toBeLessThanOrEqual(MAX_INLINE_TEXT_BYTES);
    expect((await withResourceLinks("x_tool", result)).content).toEqual(result.content);
  });
});
