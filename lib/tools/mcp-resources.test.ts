import type { Client } from "@modelcontextprotocol/client";
import { ProtocolError } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditlensTriages, jobs, receipts, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { getObjectStore } from "@/lib/object-store";
import { runTool } from "@/lib/runtime/run-tool";
import { guardCallback } from "./mcp-callback-errors";
import { RECENT_PER_KIND, registerResources } from "./mcp-resources";
import { connectInMemory, rpcErrorOf } from "./mcp-test-client";
import { MAX_RESOURCE_BYTES } from "./read-object-resource";
import { findTool } from "./registry";

// A real 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII=", "base64");
const hexOf = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);
const text = (c: object) => String((c as { text?: unknown }).text);

type Seeded = { scanId: string; jobId: string; pngRef: string; receiptId: string; resultRef: string; result: unknown; triageId: string; oldJobs: string[] };
let seeded: Seeded;
let client: Client;

async function seed(): Promise<Seeded> {
  const db = await getDb();
  const store = getObjectStore();
  const pngRef = (await store.put(PNG)).ref;
  const jobId = newId("job");
  const scanId = newId("scan");
  // Older jobs first, so the seeded scan's job is the newest of all.
  const oldJobs = Array.from({ length: RECENT_PER_KIND + 3 }, (_, i) => `job_old${String(i).padStart(3, "0")}`);
  await db.insert(jobs).values(oldJobs.map((id, i) => ({ id, module: "core", functionId: "core/test", input: {}, backend: "in-process" as const, createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)) })));
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded", progress: 1 });
  await db.insert(scans).values({ id: scanId, jobId, url: "https://shop.example/", origin: "https://shop.example", profile: "quick", viewportSet: "desktop", crawlBudget: 1, status: "succeeded" });
  await db.insert(scanPages).values({ id: newId("page"), scanId, url: "https://shop.example/", viewport: "desktop", status: "ok", screenshotRef: pngRef });
  const result = { receipt_id: "rcpt_res1", output: { release_url: "https://example.test/r/1", assets: [1, 2, 3] } };
  const resultRef = (await store.put(Buffer.from(JSON.stringify(result, null, 2)))).ref;
  const receiptId = newId("rcpt");
  await db.insert(receipts).values({ id: receiptId, operation: "releasebutler_create_release", inputsHash: "b".repeat(64), actor: "alice", status: "succeeded", resultRef, finishedAt: new Date() });
  const triageId = newId("tri");
  await db.insert(auditlensTriages).values({ id: triageId, jobId, repo: "acme/widgets", target: { pr_number: 7 }, principal: "bob", status: "succeeded", summary: { headline: "1 new high finding" } });
  return { scanId, jobId, pngRef, receiptId, resultRef, result, triageId, oldJobs };
}

beforeAll(async () => {
  seeded = await seed();
  client = await connectInMemory(registerResources);
});
afterAll(() => client.close());

describe("MCP resources: templates and the direct list", () => {
  it("advertises the five omniaudit:// templates and the resources capability without listChanged", async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(Object.fromEntries(resourceTemplates.map((t) => [t.name, t.uriTemplate]))).toEqual({
      object: "omniaudit://objects/sha256/{hex}",
      receipt: "omniaudit://receipts/{receipt_id}",
      job: "omniaudit://jobs/{job_id}",
      scan: "omniaudit://scans/{scan_id}",
      triage: "omniaudit://triages/{triage_id}",
    });
    for (const t of resourceTemplates) expect(t.description, t.name).toBeTruthy();
    expect(client.getServerCapabilities()?.resources).toEqual({ listChanged: false });
  });

  it("lists the newest scans, receipts, jobs and triages, bounded per kind, each with uri, name, title, description, mimeType", async () => {
    const { resources } = await client.listResources();
    for (const r of resources) {
      expect(r).toMatchObject({ uri: expect.stringMatching(/^omniaudit:\/\/(scans|receipts|jobs|triages)\//), name: expect.any(String), title: expect.any(String), description: expect.any(String), mimeType: "application/json" });
    }
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain(`omniaudit://scans/${seeded.scanId}`);
    expect(uris).toContain(`omniaudit://receipts/${seeded.receiptId}`);
    expect(uris).toContain(`omniaudit://triages/${seeded.triageId}`);
    const jobUris = uris.filter((u) => u.startsWith("omniaudit://jobs/"));
    expect(jobUris).toHaveLength(RECENT_PER_KIND);
    // Newest first: the scan's job, then the old jobs from the newest down; the oldest ones are cut.
    expect(jobUris[0]).toBe(`omniaudit://jobs/${seeded.jobId}`);
    expect(jobUris[1]).toBe(`omniaudit://jobs/${seeded.oldJobs.at(-1)}`);
    expect(jobUris).not.toContain(`omniaudit://jobs/${seeded.oldJobs[0]}`);
    expect(resources.find((r) => r.uri.endsWith(seeded.scanId))).toMatchObject({ name: seeded.scanId, title: "Site audit of https://shop.example/" });
  });
});

describe("MCP resources: reads", () => {
  it("reads a PNG screenshot as an image/png blob whose base64 decodes to the stored bytes", async () => {
    const uri = `omniaudit://objects/sha256/${hexOf(seeded.pngRef)}`;
    const { contents } = await client.readResource({ uri });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri, mimeType: "image/png" });
    expect(Buffer.from(String((contents[0] as { blob: string }).blob), "base64").equals(PNG)).toBe(true);
  });

  it("reads a receipt: what core_get_receipt returns plus result_uri, whose object is the exact JSON stored", async () => {
    const uri = `omniaudit://receipts/${seeded.receiptId}`;
    const { contents } = await client.readResource({ uri });
    expect(contents[0]).toMatchObject({ uri, mimeType: "application/json" });
    const body = JSON.parse(text(contents[0]!));
    const viaTool = await runTool({ tool: findTool("core_get_receipt")!, args: { receipt_id: seeded.receiptId }, principal: "tester", requestId: "req-res" });
    expect(body).toEqual({ ...viaTool.structuredContent, result_uri: `omniaudit://objects/sha256/${hexOf(seeded.resultRef)}` });
    expect(body.result).toEqual(seeded.result);
    const full = await client.readResource({ uri: body.result_uri });
    expect(full.contents[0]).toMatchObject({ mimeType: "application/json" });
    expect(text(full.contents[0]!)).toBe((await getObjectStore().get(seeded.resultRef)).toString("utf8"));
  });

  it("reads a job (the JobRef of core_get_job), a scan (sitelint_get_scan) and a triage (auditlens_get_triage)", async () => {
    const read = async (uri: string) => JSON.parse(text((await client.readResource({ uri })).contents[0]!));
    expect(await read(`omniaudit://jobs/${seeded.jobId}`)).toMatchObject({ job_id: seeded.jobId, module: "sitelint", status: "succeeded", progress: 1, subject: null });
    const scan = await read(`omniaudit://scans/${seeded.scanId}`);
    const viaTool = await runTool({ tool: findTool("sitelint_get_scan")!, args: { scan_id: seeded.scanId }, principal: "tester", requestId: "req-res" });
    expect(scan).toEqual(viaTool.structuredContent);
    expect(scan.pages[0].screenshot_ref).toBe(seeded.pngRef);
    expect(await read(`omniaudit://triages/${seeded.triageId}`)).toMatchObject({ triage_id: seeded.triageId, repo: "acme/widgets", status: "succeeded", summary: { headline: "1 new high finding" }, job: { job_id: seeded.jobId } });
  });

  it("answers an unknown or malformed URI or id with -32602 and the uri in data (SEP-2164)", async () => {
    const uris = [
      "test://nonexistent-resource-for-conformance-testing",
      "omniaudit://nowhere/x",
      `omniaudit://objects/sha256/${"0".repeat(64)}`,
      "omniaudit://objects/sha256/NOTHEX",
      `omniaudit://objects/sha256/${"a".repeat(63)}`,
      "omniaudit://receipts/rcpt_missing",
      "omniaudit://jobs/job_missing",
      "omniaudit://scans/scan_missing",
      "omniaudit://triages/tri_missing",
      "omniaudit://triages/not-a-triage-id",
      "omniaudit://scans/a%ZZb",
      "omniaudit://jobs/a,b",
    ];
    for (const uri of uris) {
      const e = await rpcErrorOf(client.readResource({ uri }));
      expect(e.code, uri).toBe(-32602);
      expect(e.data?.uri, uri).toBe(uri);
    }
  });

  it("refuses an object over 8 MiB with -32602 naming the console URL to download it from", async () => {
    const { ref } = await getObjectStore().put(Buffer.alloc(MAX_RESOURCE_BYTES + 1, 0x61));
    const uri = `omniaudit://objects/sha256/${hexOf(ref)}`;
    const e = await rpcErrorOf(client.readResource({ uri }));
    expect(e.code).toBe(-32602);
    expect(e.data).toMatchObject({ uri, reason: "too_large", max_bytes: MAX_RESOURCE_BYTES, url: expect.stringMatching(new RegExp(`/api/objects/sha256/${hexOf(ref)}$`)) });
    expect(e.message).toContain("/api/objects/sha256/");
  });

  it("serves the 2026-07-28 era too: same list and read, objects with a private one-hour cache hint", async () => {
    const modern = await connectInMemory(registerResources, "modern");
    try {
      expect(modern.getDiscoverResult()).toBeDefined();
      const { resources } = await modern.listResources();
      expect(resources.map((r) => r.uri)).toContain(`omniaudit://scans/${seeded.scanId}`);
      const read = await modern.readResource({ uri: `omniaudit://objects/sha256/${hexOf(seeded.pngRef)}` });
      expect(read.contents[0]).toMatchObject({ mimeType: "image/png" });
      expect(read).toMatchObject({ ttlMs: 3_600_000, cacheScope: "private" });
      expect((await rpcErrorOf(modern.readResource({ uri: "omniaudit://jobs/job_missing" }))).code).toBe(-32602);
    } finally {
      await modern.close();
    }
  });
});

describe("MCP resources: completion of template variables", () => {
  it("completes ids of a kind by prefix, newest first, with LIKE wildcards taken literally", async () => {
    const complete = (name: string, uri: string, value: string) => client.complete({ ref: { type: "ref/resource", uri }, argument: { name, value } });
    const scan = await complete("scan_id", "omniaudit://scans/{scan_id}", seeded.scanId.slice(0, 12));
    expect(scan.completion.values).toContain(seeded.scanId);
    expect(scan.completion.values.every((v) => v.startsWith(seeded.scanId.slice(0, 12)))).toBe(true);
    expect((await complete("job_id", "omniaudit://jobs/{job_id}", "job_old")).completion).toEqual({ values: [...seeded.oldJobs].reverse(), total: seeded.oldJobs.length, hasMore: false });
    expect((await complete("job_id", "omniaudit://jobs/{job_id}", "job%old")).completion.values).toEqual([]);
    expect((await complete("receipt_id", "omniaudit://receipts/{receipt_id}", seeded.receiptId)).completion.values).toEqual([seeded.receiptId]);
    expect((await complete("triage_id", "omniaudit://triages/{triage_id}", "tri_")).completion.values).toContain(seeded.triageId);
    const hex = hexOf(seeded.pngRef);
    expect((await complete("hex", "omniaudit://objects/sha256/{hex}", hex.slice(0, 6))).completion.values).toContain(hex);
    expect((await complete("hex", "omniaudit://objects/sha256/{hex}", "xyz")).completion.values).toEqual([]);
  });

  it("sends at most 100 values with the honest total and hasMore", async () => {
    const db = await getDb();
    await db.insert(jobs).values(Array.from({ length: 130 }, (_, i) => ({ id: `job_cap${String(i).padStart(3, "0")}`, module: "core", functionId: "core/test", input: {}, backend: "in-process" as const })));
    const r = await client.complete({ ref: { type: "ref/resource", uri: "omniaudit://jobs/{job_id}" }, argument: { name: "job_id", value: "job_cap" } });
    expect(r.completion.values).toHaveLength(100);
    expect(r.completion).toMatchObject({ total: 130, hasMore: true });
  });
});

describe("guardCallback: nothing internal reaches a client", () => {
  it("maps NOT_FOUND to resource-not-found, keeps an AppError's safe message, and hides other errors behind the request id", async () => {
    const nf = await rpcErrorOf(guardCallback("resources/read", async () => Promise.reject(new AppError("NOT_FOUND", "no such")), { uri: "omniaudit://x/y" }));
    expect(nf).toBeInstanceOf(ProtocolError);
    expect(nf).toMatchObject({ code: -32602, data: { uri: "omniaudit://x/y" } });
    expect(await rpcErrorOf(guardCallback("resources/read", async () => Promise.reject(new AppError("UPSTREAM_ERROR", "S3 is unavailable"))))).toMatchObject({ code: -32603, message: "S3 is unavailable", data: { code: "UPSTREAM_ERROR" } });
    const db = await rpcErrorOf(guardCallback("resources/list", async () => Promise.reject(new Error('Failed query: select "id" from "receipts" — relation does not exist'))));
    expect(db.code).toBe(-32603);
    expect(db.message).toMatch(/^Internal error; see the server log for request id /);
    expect(db.message).not.toMatch(/receipts|relation|Failed query/);
  });
});
