import type { FindingDraft } from "../types";
import type { PerformanceMetrics, PerformanceSample, RequestTally, TimedResource } from "./performance-types";
import { LIGHTHOUSE_SCORING, logNormalScore, rateMetric, severityFor, type ScoringPoints } from "./performance-scoring";

const RESOURCE_TYPE_KEYS = ["document", "script", "stylesheet", "image", "font", "media", "other", "third-party"] as const;
const LIST = 10;

/**
 * Lighthouse's CLS: the largest session window of shifts, a window closing after a 1000 ms gap or at 5000 ms length.
 * @param shifts `[startTime ms, value]` in time order, recent-input shifts already dropped.
 */
export function cumulativeLayoutShift(shifts: readonly (readonly [number, number])[]): number {
  let best = 0;
  let current = 0;
  let first = -Infinity;
  let prev = -Infinity;
  for (const [t, v] of shifts) {
    if (t - first > 5_000 || t - prev > 1_000) {
      first = t;
      current = 0;
    }
    current += v;
    prev = t;
    best = Math.max(best, current);
  }
  return best;
}

/**
 * Lighthouse's `calculateSumOfBlockingTime` on long tasks: each task clipped to [startMs, endMs], blocking time =
 * clipped duration − 50 ms when positive. Lighthouse uses trace top-level tasks and ends at TTI; we use the
 * `longtask` entries (≥ 50 ms) and end at load + settle.
 * @param tasks `[startTime ms, duration ms]`.
 */
export function totalBlockingTime(tasks: readonly (readonly [number, number])[], startMs: number, endMs: number): number {
  if (endMs <= startMs) return 0;
  let sum = 0;
  for (const [start, duration] of tasks) {
    const clipped = Math.min(start + duration, endMs) - Math.max(start, startMs);
    if (clipped > 50) sum += clipped - 50;
  }
  return sum;
}

const tally = (): RequestTally => ({ requests: 0, transfer_bytes: 0 });

/** {@link PerformanceMetrics} of a sample (pure). */
export function summarizePerformance(s: PerformanceSample): PerformanceMetrics {
  const byType = Object.fromEntries(RESOURCE_TYPE_KEYS.map((t) => [t, tally()])) as PerformanceMetrics["by_type"];
  let bytes = 0;
  for (const r of s.resources) {
    bytes += r.transferBytes;
    for (const key of r.thirdParty ? [r.type, "third-party" as const] : [r.type]) {
      byType[key].requests += 1;
      byType[key].transfer_bytes += r.transferBytes;
    }
  }
  const cls = cumulativeLayoutShift(s.shifts);
  const tbt = s.fcpMs === null ? 0 : totalBlockingTime(s.longTasks, s.fcpMs, s.measuredUntilMs);
  const v = s.viewport;
  return {
    lcp_ms: s.lcpMs === null ? null : Math.round(s.lcpMs), lcp_element: s.lcpElement,
    fcp_ms: s.fcpMs === null ? null : Math.round(s.fcpMs),
    cls: Math.round(cls * 10_000) / 10_000, tbt_ms: Math.round(tbt), long_tasks: s.longTasks.length,
    measured_until_ms: Math.round(s.measuredUntilMs), transfer_bytes: bytes, requests: s.resources.length, by_type: byType,
    unmeasured_requests: s.resources.filter((r) => r.unmeasured).length,
    scores: {
      lcp: s.lcpMs === null ? null : logNormalScore(LIGHTHOUSE_SCORING.lcp[v], s.lcpMs),
      fcp: s.fcpMs === null ? null : logNormalScore(LIGHTHOUSE_SCORING.fcp[v], s.fcpMs),
      cls: logNormalScore(LIGHTHOUSE_SCORING.cls, cls), tbt: logNormalScore(LIGHTHOUSE_SCORING.tbt[v], tbt),
      total_byte_weight: logNormalScore(LIGHTHOUSE_SCORING.totalBytes, bytes),
    },
    unsized_images: s.unsized.images.length,
    render_blocking_requests: renderBlockingResources(s).length,
    method: "lab, unthrottled, Resource Timing + PerformanceObserver",
  };
}

/**
 * Lighthouse 13 `render-blocking-insight` (which replaced `render-blocking-resources`; trace_engine
 * `RenderBlocking.generateInsight`): main-frame requests the browser marked render-blocking that finished before
 * first paint — none when there was no first paint. Chromium's Resource Timing `renderBlockingStatus` stands in for
 * the trace's `renderBlocking` field (Lighthouse additionally keeps in-body parser-blocking requests of high priority).
 */
export function renderBlockingResources(s: Pick<PerformanceSample, "resources" | "firstPaintMs">): TimedResource[] {
  const fp = s.firstPaintMs;
  if (fp === null) return [];
  return s.resources.filter((r) => r.renderBlocking && r.responseEndMs <= fp).sort((a, b) => b.responseEndMs - b.startMs - (a.responseEndMs - a.startMs));
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en")} KiB`;
const LAB_NOTE = "Measured in one unthrottled lab load (no CPU or network throttling), so it is at best an optimistic estimate of Lighthouse's value";

type Rated = { rating: "average" | "fail"; points: ScoringPoints; score: number };
function rate(points: ScoringPoints, value: number): Rated | undefined {
  const rating = rateMetric(points, value);
  return rating === "pass" ? undefined : { rating, points, score: logNormalScore(points, value) };
}

function finding(ruleId: string, f: Omit<FindingDraft, "ruleId" | "category" | "sourceTool" | "refs" | "tags"> & { tags?: string[] }): FindingDraft {
  return { ruleId, category: "performance", sourceTool: "sitelint-performance", refs: { lighthouse: [ruleId] }, ...f, tags: ["performance", ...(f.tags ?? [])] };
}

function metricFindings(s: PerformanceSample, m: PerformanceMetrics): FindingDraft[] {
  const out: FindingDraft[] = [];
  const v = s.viewport;
  const lcp = m.lcp_ms === null ? undefined : rate(LIGHTHOUSE_SCORING.lcp[v], m.lcp_ms);
  if (lcp && m.lcp_ms !== null) {
    out.push(finding("largest-contentful-paint", {
      severity: severityFor(lcp.rating, ["medium", "high"]), confidence: 0.7, tags: ["core-web-vitals"],
      title: `Largest Contentful Paint took ${sec(m.lcp_ms)} (${v})`,
      description: `Lighthouse ${v} scoring: good ≤ ${lcp.points.p10} ms, poor > ${lcp.points.median} ms (score ${lcp.score}). ${LAB_NOTE}.`,
      suggestedFix: "Make the largest element render sooner: serve its image or text early (preload, fetchpriority=high, no lazy-loading above the fold), cut server time and render-blocking resources.",
      helpUrl: "https://developer.chrome.com/docs/lighthouse/performance/lighthouse-largest-contentful-paint/",
      selector: m.lcp_element && !m.lcp_element.startsWith("(removed)") ? m.lcp_element : undefined,
      evidence: { value_ms: m.lcp_ms, score: lcp.score, rating: lcp.rating, scoring: lcp.points, element: m.lcp_element, url: s.lcpUrl?.slice(0, 500) ?? null },
    }));
  }
  const cls = rate(LIGHTHOUSE_SCORING.cls, m.cls);
  if (cls) {
    const largest = [...s.shifts].sort((a, b) => b[1] - a[1]).slice(0, LIST).map(([t, value]) => ({ start_ms: Math.round(t), value: Math.round(value * 10_000) / 10_000 }));
    out.push(finding("cumulative-layout-shift", {
      severity: severityFor(cls.rating, ["medium", "high"]), confidence: 0.8, tags: ["core-web-vitals"],
      title: `Cumulative Layout Shift is ${m.cls.toFixed(3)} (${v})`,
      description: `Content moved while loading. Lighthouse scoring: good ≤ 0.1, poor > 0.25 (score ${cls.score}); shifts until ${sec(m.measured_until_ms)} after navigation start.`,
      suggestedFix: "Reserve space for images, embeds, ads and late content (width/height or aspect-ratio, min-height); never insert content above existing content.",
      helpUrl: "https://web.dev/articles/cls",
      evidence: { value: m.cls, score: cls.score, rating: cls.rating, scoring: cls.points, shifts: s.shifts.length, largest },
    }));
  }
  const tbt = rate(LIGHTHOUSE_SCORING.tbt[v], m.tbt_ms);
  if (tbt) {
    const tasks = [...s.longTasks].sort((a, b) => b[1] - a[1]).slice(0, LIST).map(([t, d]) => ({ start_ms: Math.round(t), duration_ms: Math.round(d) }));
    out.push(finding("total-blocking-time", {
      severity: severityFor(tbt.rating, ["medium", "high"]), confidence: 0.6,
      title: `Total Blocking Time is ${m.tbt_ms} ms (${v})`,
      description: `Long main-thread tasks kept the page from answering input. Approximation: long-task time beyond 50 ms between FCP and load + ${sec(m.measured_until_ms - (m.fcp_ms ?? 0))} settle window (Lighthouse ends at Time to Interactive). Lighthouse ${v} scoring: good ≤ ${tbt.points.p10} ms, poor > ${tbt.points.median} ms (score ${tbt.score}). ${LAB_NOTE}.`,
      suggestedFix: "Split long JavaScript tasks (yield to the main thread), defer non-critical scripts and third-party code.",
      helpUrl: "https://developer.chrome.com/docs/lighthouse/performance/lighthouse-total-blocking-time/",
      evidence: { value_ms: m.tbt_ms, score: tbt.score, rating: tbt.rating, scoring: tbt.points, window_ms: [m.fcp_ms, m.measured_until_ms], long_tasks: s.longTasks.length, longest: tasks },
    }));
  }
  return out;
}

/**
 * Performance findings of one sample (pure; thresholds are Lighthouse 13's, see `LIGHTHOUSE_SCORING`):
 * - `largest-contentful-paint`, `total-blocking-time` (viewport's form factor), `cumulative-layout-shift`: a finding
 *   when the Lighthouse score is below 0.9; severity medium (score ≥ 0.5) or high (value beyond the median point).
 * - `unsized-images` (Lighthouse audit of that name): one low finding listing up to 20 images.
 * - `render-blocking-resources` (Lighthouse 13 `render-blocking-insight`): one finding listing up to 10 requests;
 *   medium when one took ≥ 50 ms (Lighthouse 12's minimum wasted time), else low.
 * - `total-byte-weight`: transfer size over 2667 KiB; low, medium beyond 4000 KiB.
 * Every finding has `refs.lighthouse = [ruleId]` and bounded evidence.
 */
export function performanceFindings(s: PerformanceSample, m: PerformanceMetrics): FindingDraft[] {
  const out = metricFindings(s, m);
  const { images, total, unchecked } = s.unsized;
  if (images.length > 0) {
    out.push(finding("unsized-images", {
      severity: "low", confidence: 0.9, tags: ["cls"],
      title: `${images.length} image element(s) without explicit width and height`,
      description: "Images without both dimensions (or one plus aspect-ratio) get their size only once loaded, shifting the layout (Lighthouse `unsized-images`).",
      suggestedFix: "Add width and height attributes (the intrinsic size; CSS may still scale the image), or set CSS width/height or aspect-ratio.",
      helpUrl: "https://web.dev/articles/optimize-cls#images_without_dimensions",
      selector: images[0]!.selector,
      evidence: { images: images.slice(0, 20).map((i) => ({ ...i, displayed: `${i.displayed.width}x${i.displayed.height}` })), count: images.length, img_elements: total, unchecked },
    }));
  }
  const blocking = renderBlockingResources(s);
  if (blocking.length > 0) {
    const list = blocking.map((r) => ({ url: r.url.slice(0, 500), type: r.type, duration_ms: Math.round(r.responseEndMs - r.startMs), transfer_bytes: r.transferBytes }));
    out.push(finding("render-blocking-resources", {
      severity: list.some((r) => r.duration_ms >= 50) ? "medium" : "low", confidence: 0.7,
      title: `${blocking.length} render-blocking request(s) delayed the first paint`,
      description: "Stylesheets and synchronous scripts in <head> that finished before the first paint, which waited for them (Lighthouse `render-blocking-insight`, formerly `render-blocking-resources`).",
      suggestedFix: "Inline critical CSS and load the rest later; add defer or async to scripts; drop unused CSS/JS.",
      helpUrl: "https://developer.chrome.com/docs/performance/insights/render-blocking",
      evidence: { requests: list.slice(0, LIST), count: list.length, first_paint_ms: Math.round(s.firstPaintMs ?? 0) },
    }));
  }
  const weight = rate(LIGHTHOUSE_SCORING.totalBytes, m.transfer_bytes);
  if (weight) {
    const largest = s.resources.filter((r) => r.transferBytes > 0).sort((a, b) => b.transferBytes - a.transferBytes || a.url.localeCompare(b.url)).slice(0, LIST);
    out.push(finding("total-byte-weight", {
      severity: severityFor(weight.rating, ["low", "medium"]), confidence: 0.8,
      title: `Page transferred ${kib(m.transfer_bytes)} (${m.requests} requests)`,
      description: `Large downloads cost users time and money. Lighthouse scoring: good ≤ 2,667 KiB, poor > 4,000 KiB (score ${weight.score}). Resource Timing sizes of the document and main-frame requests; ${m.unmeasured_requests} cross-origin request(s) without Timing-Allow-Origin report 0 bytes and are not in the total.`,
      suggestedFix: "Compress and resize images (modern formats), minify and split scripts, lazy-load what is below the fold.",
      helpUrl: "https://developer.chrome.com/docs/lighthouse/performance/total-byte-weight/",
      evidence: { total_bytes: m.transfer_bytes, score: weight.score, rating: weight.rating, scoring: weight.points, largest: largest.map((r) => ({ url: r.url.slice(0, 500), type: r.type, transfer_bytes: r.transferBytes })), by_type: m.by_type, unmeasured_requests: m.unmeasured_requests },
    }));
  }
  return out;
}
