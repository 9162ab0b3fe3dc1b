import { z } from "zod";
import { findings, jobs, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { getObjectStore } from "@/lib/object-store";
import { defineTool, type AnyTool } from "./define-tool";
import type { ToolCallResult } from "./run-tool";

/** Test helper: a finished scan with one page, one finding and a screenshot object. */
export async function seedFinishedScan(db: Db, marker = "x") {
  const scanId = newId("scan");
  const jobId = newId("job");
  const { ref } = await getObjectStore().put(Buffer.from(`png-${scanId}-${marker}`));
  await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "succeeded" });
  await db.insert(scans).values({ id: scanId, jobId, url: "https://example.com/", origin: "https://example.com", profile: "quick", viewportSet: "desktop", crawlBudget: 1, status: "succeeded" });
  await db.insert(scanPages).values({ id: newId("page"), scanId, url: "https://example.com/", viewport: "desktop", status: "ok", screenshotRef: ref });
  await db.insert(findings).values({
    id: newId("fnd"), module: "sitelint", sourceKind: "scan", sourceId: scanId, sourceTool: "axe-core", ruleId: "image-alt", category: "accessibility",
    severity: "high", title: "Images must have alternate text", confidence: 0.9, pageUrl: "https://example.com/", viewport: "desktop", evidenceRefs: [ref], fingerprint: `fp-${scanId}`,
  });
  return { scanId, jobId, ref };
}

/** Test helper: a gated tool targeting a GitHub repo, to exercise the write gate and the repo allowlist. */
export const testRepoWrite = defineTool({
  name: "core_test_repo_write",
  title: "test write",
  description: "Test-only gated write to a repository.",
  risk: "write",
  openWorld: false,
  idempotent: false,
  input: z.object({ repo: z.string(), title: z.string() }).strict(),
  output: z.object({ repo: z.string(), written: z.boolean() }),
  targets: (i) => ({ repos: [i.repo] }),
  summarize: async (i) => `Write "${i.title}" to ${i.repo}`,
  handler: async (i) => ({ repo: i.repo, written: true }),
}) as unknown as AnyTool;

/** The stable error code of an error result, or undefined for a success. */
export function errorCodeOf(r: ToolCallResult): string | undefined {
  return (r._meta?.["omniaudit/error"] as { code?: string } | undefined)?.code;
}
