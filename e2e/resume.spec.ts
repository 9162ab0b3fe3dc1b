import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startStaticServer } from "./support/static-server";
import { isolatedApp, startApp } from "./support/app-server";
import { CORPUS_MISSING, corpusDir } from "./support/corpus";
import { callOk, connectMcp, waitForJob } from "./support/mcp";

type Page = { url: string; status: string; finished_at: string };
type Scan = { status: string; pages: Page[] };

test("a scan interrupted by killing the server resumes after restart without re-scanning finished pages", async () => {
  const dir = corpusDir();
  test.skip(!dir, CORPUS_MISSING);
  test.setTimeout(300_000);
  const site = await startStaticServer({ root: path.join(dir!, "sites", "mdn-learning-area") });
  const { dataDir, env } = await isolatedApp("resume", { JOB_LEASE_MS: "3000", SITELINT_CONCURRENCY: "1" });
  let app = await startApp({ dataDir, env });
  try {
    let client = await connectMcp(app.baseUrl);
    const budget = 10;
    const { job_id, scan_id } = await callOk<{ job_id: string; scan_id: string }>(client, "sitelint_start_scan", { url: `${site.origin}/index.html`, crawl_budget: budget, profile: "quick" });
    let before: Page[] = [];
    for (let i = 0; i < 240 && before.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 250));
      before = (await callOk<Scan>(client, "sitelint_get_scan", { scan_id })).pages;
    }
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(budget);
    await client.close();
    await app.stop("SIGKILL");

    app = await startApp({ dataDir, env });
    client = await connectMcp(app.baseUrl);
    const final = await waitForJob(client, job_id, 200_000);
    expect(final.status, JSON.stringify(final)).toBe("succeeded");
    const after = (await callOk<Scan>(client, "sitelint_get_scan", { scan_id })).pages;
    expect(after.length).toBe(budget);
    // The newest page may have been stored just before its step result was memoized when the process died; every
    // earlier page must be untouched.
    const settled = [...before].sort((a, b) => a.finished_at.localeCompare(b.finished_at)).slice(0, -1);
    for (const p of settled) {
      const same = after.find((a) => a.url === p.url);
      expect(same, p.url).toBeDefined();
      // Not re-scanned: the stored page is the one written before the kill.
      expect(same!.finished_at, p.url).toBe(p.finished_at);
    }
    await client.close();
  } finally {
    await app.stop("SIGKILL");
    await site.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
