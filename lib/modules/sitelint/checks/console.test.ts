import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store/types";
import { auditPage } from "../audit-page";
import { closeSharedBrowser, withSharedBrowser } from "../shared-browser";

// One of each: a console.error, an uncaught exception, an unhandled rejection, a 404 image and a refused connection
// (a port nothing listens on). Chrome also logs each failed load as "Failed to load resource": that one must not
// count twice (the failed-request finding owns it).
const PAGE = (deadOrigin: string) => `<!doctype html><html lang="en"><head><title>Errors</title><meta name="description" content="x"></head>
<body><h1>Errors</h1><img src="/missing.png" alt="missing"><img src="${deadOrigin}/gone.png" alt="refused">
<script>console.error("boom once"); console.warn("just a warning"); console.log("noise");
setTimeout(() => { throw new RangeError("uncaught once"); }, 0);
Promise.reject(new TypeError("rejected once"));</script></body></html>`;

describe("console diagnostics (real Chromium)", () => {
  let site: StaticServer;
  let dead: StaticServer;
  let store: ObjectStore;

  beforeAll(async () => {
    store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-sitelint-console-")));
    dead = await startStaticServer({ root: os.tmpdir() });
    await dead.close();
    site = await startStaticServer({ root: os.tmpdir(), routes: { "/errors.html": { body: PAGE(dead.origin) } } });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("reports console.error, uncaught exceptions and failed requests once each, with errors-in-console refs", async () => {
    const r = await withSharedBrowser((browser) =>
      auditPage({ browser, url: site.url("/errors.html"), viewport: "desktop", profile: "standard", objectStore: store, net: { policy: { allowlist: ["127.0.0.1"], denylist: [] } }, timeoutMs: 15_000 }),
    );
    expect(r.status).toBe("ok");
    const consoleFindings = r.findings.filter((f) => f.ruleId === "console-error");
    expect(consoleFindings).toHaveLength(1);
    const c = consoleFindings[0]!;
    expect(c).toMatchObject({ category: "console", sourceTool: "sitelint-console", refs: { lighthouse: ["errors-in-console"] }, evidence: { total: 3, uncaughtExceptions: 2 } });
    const messages = c.evidence!.messages as string[];
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^boom once \(.*errors\.html:\d+\)$/), "Uncaught RangeError: uncaught once", "Uncaught TypeError: rejected once",
    ]));
    const failedFindings = r.findings.filter((f) => f.ruleId === "failed-request");
    expect(failedFindings).toHaveLength(1);
    expect(failedFindings[0]).toMatchObject({ category: "console", refs: { lighthouse: ["errors-in-console"] } });
    expect(failedFindings[0]!.evidence).toEqual({
      total: 2,
      requests: expect.arrayContaining([{ url: site.url("/missing.png"), error: "HTTP 404" }, { url: `${dead.origin}/gone.png`, error: expect.stringMatching(/ERR_|refused/i) }]),
    });
    // Diagnostics keep Chrome's own "Failed to load resource" lines; the finding does not repeat them.
    expect(r.diagnostics.consoleErrors.filter((m) => m.startsWith("Failed to load resource")).length).toBeGreaterThanOrEqual(1);
    expect(r.diagnostics.failedRequests).toHaveLength(2);
  });
});
