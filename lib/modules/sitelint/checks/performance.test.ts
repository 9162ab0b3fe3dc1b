import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusDir } from "@/e2e/support/corpus";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createLocalObjectStore } from "@/lib/object-store/local";
import type { ObjectStore } from "@/lib/object-store/types";
import { auditPage, type AuditPageOptions } from "../audit-page";
import { closeSharedBrowser, withSharedBrowser } from "../shared-browser";
import type { FindingDraft, PageAuditResult } from "../types";
import type { PerformanceMetrics, PerformanceSample } from "./performance";
import { cumulativeLayoutShift, performanceFindings, summarizePerformance, totalBlockingTime } from "./performance-findings";
import { LIGHTHOUSE_SCORING, logNormalScore } from "./performance-scoring";

const corpus = corpusDir();
const perf = (r: PageAuditResult) => r.findings.filter((f) => f.category === "performance");
const metricsOf = (r: PageAuditResult) => r.metrics?.performance as PerformanceMetrics;

/**
 * The images Lighthouse's smoke test expects `unsized-images` to fail on perf/unsized-images.html, in document order:
 * GoogleChrome/lighthouse cli/test/smokehouse/test-definitions/perf-diagnostics-unsized-images.js at commit
 * f8eac394a68b90109078bba44cafbec7ceb9026a (`expectations.lhr.audits['unsized-images'].details.items[].node.snippet`).
 * The seven images above the "without explicit sizing" comment are sized and must not be reported.
 */
const LIGHTHOUSE_SMOKE_UNSIZED = [
  '<img src="../launcher-icon-100x100.png" width="100">',
  '<img src="../launcher-icon-100x100.png" height="100">',
  '<img src="../launcher-icon-100x100.png" style="width: 100;">',
  '<img src="../launcher-icon-100x100.png" style="height: 100;">',
  '<img src="../launcher-icon-100x100.png" style="aspect-ratio: 1 / 1;">',
  '<img src="../launcher-icon-100x100.png" style="width: 100; height: auto;">',
];

// A page built to fail each load metric: a parser-blocking script in <head> (served 300 ms late), a 300 ms busy loop
// right after first contentful paint, a 300 px block inserted above the content 50 ms later (layout shift without
// input), and a ~3.2 MB image served 1.5 s late (late LCP, heavy page). The image has width/height: not unsized.
const LAB_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Perf lab</title>
<meta name="description" content="Performance lab page"><script src="/blocking.js"></script></head>
<body style="margin:0"><div id="top"></div><main><h1>Perf lab</h1><img id="big" src="/big.svg" width="800" height="400" alt="big picture">
<p style="font-size:32px;height:500px">Some text that paints first.</p></main>
<script>
new PerformanceObserver((list, observer) => {
  if (list.getEntriesByName("first-contentful-paint").length === 0) return;
  observer.disconnect();
  setTimeout(() => { const end = performance.now() + 300; while (performance.now() < end) {} }, 0);
  setTimeout(() => { document.getElementById("top").style.height = "300px"; }, 50);
}).observe({ type: "paint", buffered: true });
</script></body></html>`;
const BIG_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><rect width="800" height="400" fill="#36c"/><!-- ${"x".repeat(3_300_000)} --></svg>`;

describe.skipIf(!corpus)("performance checks in the deep profile (real Chromium)", () => {
  let site: StaticServer;
  let store: ObjectStore;
  const policy: AuditPageOptions["net"]["policy"] = { allowlist: ["127.0.0.1"], denylist: [] };
  const audit = (url: string, o: Partial<AuditPageOptions> = {}) =>
    withSharedBrowser((browser) => auditPage({ browser, url, viewport: "desktop", profile: "deep", objectStore: store, net: { policy }, timeoutMs: 20_000, ...o }));

  beforeAll(async () => {
    store = createLocalObjectStore(await fs.mkdtemp(path.join(os.tmpdir(), "oa-sitelint-perf-")));
    site = await startStaticServer({
      root: path.join(corpus!, "sites/lighthouse"),
      routes: {
        "/lab.html": { body: LAB_PAGE },
        "/blocking.js": { body: "window.blockingRan = true;", delayMs: 300 },
        "/big.svg": { body: BIG_SVG, delayMs: 1_500 },
      },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await site?.close();
  });

  it("reports exactly the images Lighthouse's unsized-images smoke test expects on perf/unsized-images.html", async () => {
    const r = await audit(site.url("/perf/unsized-images.html"));
    expect(r.status).toBe("ok");
    expect(r.error).toBeUndefined();
    const unsized = r.findings.filter((f) => f.ruleId === "unsized-images");
    expect(unsized).toHaveLength(1);
    const f = unsized[0]!;
    expect(f).toMatchObject({ category: "performance", severity: "low", sourceTool: "sitelint-performance", refs: { lighthouse: ["unsized-images"] } });
    const images = f.evidence?.images as { selector: string; snippet: string; src: string; displayed: string }[];
    expect(images.map((i) => i.snippet)).toEqual(LIGHTHOUSE_SMOKE_UNSIZED);
    // The 8th..13th <img> of <body>; all display at the icon's 100×100.
    expect(images.map((i) => i.selector)).toEqual([8, 9, 10, 11, 12, 13].map((n) => `html > body > img:nth-of-type(${n})`));
    expect(images.every((i) => i.src === site.url("/launcher-icon-100x100.png") && i.displayed === "100x100")).toBe(true);
    expect(f.selector).toBe(images[0]!.selector);
    expect(f.evidence).toMatchObject({ count: 6, img_elements: 13, unchecked: 0 });
    expect(metricsOf(r)).toMatchObject({ unsized_images: 6, by_type: { document: { requests: 1 }, image: { requests: 1 } } });
  });

  it("measures LCP, CLS, TBT, long tasks, render-blocking and transfer size on a generated slow page", async () => {
    const r = await audit(site.url("/lab.html"));
    expect(r.error).toBeUndefined();
    const m = metricsOf(r);
    console.info("lab page metrics", JSON.stringify({ ...m, by_type: undefined }));
    expect(m.fcp_ms).toBeGreaterThan(250); // after the 300 ms script
    expect(m.lcp_ms).toBeGreaterThan(1_500);
    expect(m.lcp_element).toBe("#big");
    expect(m.cls).toBeGreaterThan(0.1);
    expect(m.long_tasks).toBeGreaterThanOrEqual(1);
    expect(m.tbt_ms).toBeGreaterThan(150);
    expect(m.transfer_bytes).toBeGreaterThan(3_300_000);
    expect(m.by_type).toMatchObject({
      document: { requests: 1 }, script: { requests: 1 }, image: { requests: 1 }, stylesheet: { requests: 0 },
      font: { requests: 0 }, media: { requests: 0 }, other: { requests: 0 }, "third-party": { requests: 0 },
    });
    expect(m.by_type.image.transfer_bytes).toBeGreaterThan(3_300_000);
    expect(m.requests).toBe(3);
    expect(m.unmeasured_requests).toBe(0);
    expect(m.render_blocking_requests).toBe(1);

    const found = perf(r);
    expect(found.map((f) => f.ruleId).sort()).toEqual(
      ["cumulative-layout-shift", "largest-contentful-paint", "render-blocking-resources", "total-blocking-time", "total-byte-weight"],
    );
    for (const f of found) expect(f).toMatchObject({ category: "performance", sourceTool: "sitelint-performance", refs: { lighthouse: [f.ruleId] } });
    const byId = (id: string) => found.find((f) => f.ruleId === id)!;
    expect(byId("largest-contentful-paint")).toMatchObject({ selector: "#big", evidence: { value_ms: m.lcp_ms, scoring: LIGHTHOUSE_SCORING.lcp.desktop } });
    expect(byId("cumulative-layout-shift").evidence).toMatchObject({ value: m.cls, shifts: expect.any(Number) });
    expect(byId("total-blocking-time").evidence).toMatchObject({ value_ms: m.tbt_ms, longest: expect.arrayContaining([expect.objectContaining({ duration_ms: expect.any(Number) })]) });
    expect(byId("render-blocking-resources")).toMatchObject({
      severity: "medium", evidence: { count: 1, requests: [{ url: site.url("/blocking.js"), type: "script", duration_ms: expect.any(Number) }] },
    });
    expect(byId("total-byte-weight")).toMatchObject({ severity: "low", evidence: { total_bytes: m.transfer_bytes, largest: [expect.objectContaining({ url: site.url("/big.svg") }), expect.anything(), expect.anything()] } });
    // Bounded evidence: a finding stays small whatever the page does.
    for (const f of found) expect(JSON.stringify(f).length).toBeLessThan(8_000);
  });

  it("reports no performance findings on simple-page.html (nothing Lighthouse would flag either)", async () => {
    // One small document, no subresources: Lighthouse scores every metric ≥ 0.9 there, no images, nothing blocking.
    const r = await audit(site.url("/simple-page.html"));
    expect(r.error).toBeUndefined();
    expect(perf(r)).toEqual([]);
    const m = metricsOf(r);
    expect(m).toMatchObject({ cls: 0, tbt_ms: 0, requests: 1, unsized_images: 0, render_blocking_requests: 0, by_type: { document: { requests: 1 } } });
    expect(m.lcp_ms).toEqual(expect.any(Number));
  });

  it("collects nothing outside the deep profile", async () => {
    const r = await audit(site.url("/perf/unsized-images.html"), { profile: "standard" });
    expect(perf(r)).toEqual([]);
    expect(r.metrics?.performance).toBeUndefined();
  });
});

const sample = (o: Partial<PerformanceSample>): PerformanceSample => ({
  viewport: "desktop", pageUrl: "https://example.test/", fcpMs: 500, firstPaintMs: 500, lcpMs: 900, lcpElement: "#hero", lcpUrl: null,
  shifts: [], longTasks: [], resources: [], measuredUntilMs: 3_000, unsized: { images: [], total: 0, unchecked: 0 }, ...o,
});
const ruleIds = (f: FindingDraft[]) => f.map((x) => x.ruleId);

describe("performance rules (Lighthouse 13 scoring)", () => {
  it("scores 0.9 at p10 and 0.5 at the median like Lighthouse's log-normal curve", () => {
    expect(logNormalScore(LIGHTHOUSE_SCORING.lcp.desktop, 1_200)).toBe(0.9);
    expect(logNormalScore(LIGHTHOUSE_SCORING.lcp.desktop, 2_400)).toBe(0.5);
    expect(logNormalScore(LIGHTHOUSE_SCORING.cls, 0)).toBe(1);
    expect(logNormalScore(LIGHTHOUSE_SCORING.tbt.mobile, 5_000)).toBeLessThan(0.1);
    expect(() => logNormalScore({ p10: 2, median: 1 }, 1)).toThrow();
  });

  it("uses the viewport's form factor: a 2 s LCP fails desktop (> 1200 ms) but passes mobile (≤ 2500 ms)", () => {
    const desktop = sample({ lcpMs: 2_000 });
    expect(performanceFindings(desktop, summarizePerformance(desktop)).map((f) => [f.ruleId, f.severity])).toEqual([["largest-contentful-paint", "medium"]]);
    const mobile = sample({ lcpMs: 2_000, viewport: "mobile" });
    expect(performanceFindings(mobile, summarizePerformance(mobile))).toEqual([]);
    const poor = sample({ lcpMs: 5_000, viewport: "mobile" });
    expect(performanceFindings(poor, summarizePerformance(poor))[0]).toMatchObject({ severity: "high", evidence: { rating: "fail" } });
  });

  it("CLS is the largest session window (1 s gap, 5 s cap), TBT clips long tasks to the window", () => {
    expect(cumulativeLayoutShift([[100, 0.05], [600, 0.05], [3_000, 0.08]])).toBeCloseTo(0.1);
    expect(cumulativeLayoutShift([[0, 0.1], [900, 0.1], [1_800, 0.1], [2_700, 0.1], [3_600, 0.1], [4_500, 0.1], [5_400, 0.1]])).toBeCloseTo(0.6);
    // 120 ms task straddling FCP at 500: only [500, 560] counts → 10 ms; a 40 ms task never counts; after the end nothing.
    expect(totalBlockingTime([[440, 120], [1_000, 40], [1_200, 200], [4_000, 300]], 500, 3_000)).toBe(10 + 150);
    const s = sample({ longTasks: [[1_000, 400]], shifts: [[800, 0.3]] });
    const m = summarizePerformance(s);
    expect(m).toMatchObject({ tbt_ms: 350, cls: 0.3, long_tasks: 1 });
    expect(ruleIds(performanceFindings(s, m))).toEqual(["cumulative-layout-shift", "total-blocking-time"]);
  });

  it("render-blocking counts only blocking requests finished before first paint; no first paint, no finding", () => {
    const res = (url: string, renderBlocking: boolean, responseEndMs: number) => ({
      url, type: "stylesheet" as const, transferBytes: 1_000, encodedBodyBytes: 900, renderBlocking, startMs: 10, responseEndMs, thirdParty: false, unmeasured: false,
    });
    const s = sample({ resources: [res("https://example.test/a.css", true, 40), res("https://example.test/b.css", true, 800), res("https://example.test/c.css", false, 30)] });
    const f = performanceFindings(s, summarizePerformance(s)).find((x) => x.ruleId === "render-blocking-resources");
    expect(f).toMatchObject({ severity: "low", evidence: { count: 1, requests: [{ url: "https://example.test/a.css", duration_ms: 30 }] } });
    const noPaint = sample({ ...s, firstPaintMs: null });
    expect(ruleIds(performanceFindings(noPaint, summarizePerformance(noPaint)))).toEqual([]);
  });
});
