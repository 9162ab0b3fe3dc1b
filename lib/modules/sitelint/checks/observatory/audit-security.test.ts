// One real-Chromium audit of a page with bad security headers, cookies and scripts, served by a local HTTP server:
// the Observatory tests must read the real response (repeated Set-Cookie fields, the served HTML's <script>/<meta>
// tags rather than scripts inserted later) and land in findings (rule ids, refs, severities) and metrics.security.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createLocalObjectStore } from "@/lib/object-store/local";
import { auditPage } from "../../audit-page";
import { closeSharedBrowser, withSharedBrowser } from "../../shared-browser";
import { SecurityMetrics } from "./types";

const BAD_PAGE = `<!doctype html><html lang="en"><head><title>Bad headers</title>
<meta name="description" content="x"><meta http-equiv="Content-Security-Policy" content="object-src 'none'">
<script src="/app.js"></script><script src="https://localhost:1/cdn.js"></script>
<script>document.head.append(Object.assign(document.createElement("script"), { src: "http://localhost:1/injected.js" }));</script>
</head><body><h1>Bad</h1></body></html>`;

describe("auditPage security (real Chromium, MDN HTTP Observatory tests)", () => {
  let site: StaticServer;
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "oa-sec-"));
    site = await startStaticServer({
      root: dir,
      routes: {
        "/app.js": { body: "window.app = 1;", headers: { "content-type": "text/javascript" } },
        "/bad.html": {
          body: BAD_PAGE,
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'",
            "set-cookie": ["theme=dark; Path=/; SameSite=Lax", "__Host-bad=1; Path=/"],
            "referrer-policy": "unsafe-url",
            "x-frame-options": "DENY",
            "cross-origin-opener-policy": "Same-Origin",
            "cross-origin-resource-policy": "same-site",
            "access-control-allow-origin": "*",
          },
        },
      },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("reports one finding per failed test with Observatory refs, and the page's score and grade", async () => {
    const r = await withSharedBrowser((browser) =>
      auditPage({ browser, url: site.url("/bad.html"), viewport: "desktop", profile: "quick", objectStore: createLocalObjectStore(dir), net: { policy: { allowlist: ["127.0.0.1"], denylist: [] } }, timeoutMs: 15_000 }),
    );
    expect(r.status).toBe("ok");
    expect(r.error).toBeUndefined();
    const security = r.findings.filter((f) => f.category === "security");
    expect(Object.fromEntries(security.map((f) => [f.ruleId, f.severity]))).toEqual({
      "header-csp-unsafe": "high",
      "observatory-cookies": "high",
      "header-referrer-policy": "low",
      "header-hsts": "high",
      "observatory-subresource-integrity": "low",
      "header-x-content-type-options": "low",
      "observatory-cross-origin-opener-policy": "low",
      "cookie-prefix": "low",
    });
    const byRule = Object.fromEntries(security.map((f) => [f.ruleId, f]));
    expect(byRule["header-csp-unsafe"]).toMatchObject({
      refs: { observatory: ["content-security-policy"] }, sourceTool: "sitelint-headers", tags: ["mdn-observatory"],
      description: expect.stringContaining("`csp-implemented-with-unsafe-inline` (score modifier -20)"),
      helpUrl: "https://developer.mozilla.org/en-US/docs/Web/Security/Practical_implementation_guides/CSP",
      evidence: { "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'", data: { numPolicies: 2, http: true, meta: true } },
    });
    expect(byRule["observatory-cookies"]?.evidence?.observatory).toEqual({ test: "cookies", result: "cookies-without-secure-flag", pass: false, score_modifier: -20 });
    expect(byRule["header-hsts"]?.description).toContain("`hsts-not-implemented-no-https`");
    expect(byRule["cookie-prefix"]).toMatchObject({ tags: ["sitelint-security"], evidence: { data: { cookies: [{ name: "__Host-bad" }] } } });
    expect(byRule["cookie-prefix"]?.refs).toBeUndefined();
    // Observatory reads the served HTML: the script inserted at run time is not one of the page's scripts.
    expect(Object.keys((byRule["observatory-subresource-integrity"]?.evidence?.data as { scripts: object }).scripts)).toEqual(["https://localhost:1/cdn.js"]);

    const metrics = SecurityMetrics.parse(r.metrics?.security);
    // Penalties -20 CSP, -20 cookies, -5 referrer, -20 HSTS, -5 SRI, -5 X-Content-Type-Options, -5 COOP = 20; the
    // X-Frame-Options and CORP bonuses do not count below 90.
    expect({ score: metrics.score, grade: metrics.grade }).toEqual({ score: 20, grade: "F" });
    const results = Object.fromEntries(metrics.tests.map((t) => [t.test, t.result]));
    expect(results).toEqual({
      "content-security-policy": "csp-implemented-with-unsafe-inline",
      cookies: "cookies-without-secure-flag",
      "cross-origin-embedder-policy": "coep-not-implemented",
      "cross-origin-opener-policy": "coop-header-invalid",
      "cross-origin-resource-sharing": "cross-origin-resource-sharing-implemented-with-public-access",
      "referrer-policy": "referrer-policy-unsafe",
      "strict-transport-security": "hsts-not-implemented-no-https",
      "subresource-integrity": "sri-not-implemented-but-external-scripts-loaded-securely",
      "x-content-type-options": "x-content-type-options-not-implemented",
      "x-frame-options": "x-frame-options-sameorigin-or-deny",
      "cross-origin-resource-policy": "corp-implemented-with-same-site",
      "mixed-content": "mixed-content-not-applicable",
      "cookie-prefixes": "cookie-prefixes-invalid",
    });
  });
});
