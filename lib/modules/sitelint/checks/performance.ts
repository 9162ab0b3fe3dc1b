import type { Page } from "playwright-core";
import type { FindingDraft, ViewportName } from "../types";
import { performanceFindings, summarizePerformance } from "./performance-findings";
import { cssPath, findUnsizedImages, pageCall } from "./performance-unsized-images";
import { type PerformanceMetrics, type PerformanceSample, type ResourceTypeName, type TimedResource } from "./performance-types";

export type { PerformanceMetrics, PerformanceSample } from "./performance-types";

/** What the init script records (main frame only). */
type ObserverState = {
  lcp?: number;
  lcpElement?: Element | null;
  lcpUrl?: string;
  shifts: [number, number][];
  longTasks: [number, number][];
  resources: [string, string, number, number, string, number, number][];
};

const KEEP = 2_000;
/** Lighthouse's `pauseAfterLoadMs` / `cpuQuietThresholdMs` default (core/config/constants.js): how long after `load` we keep observing. */
export const SETTLE_MS = 1_000;
const requestTypes = new WeakMap<Page, Map<string, string>>();

/** Runs in every document before its scripts (stringified by Playwright): buffered observers keep entries from the start. */
function observePerformance(keep: number): void {
  if (window.top !== window) return;
  const state: ObserverState = { shifts: [], longTasks: [], resources: [] };
  Object.defineProperty(window, "__sitelintPerf", { value: state });
  const watch = (type: string, onEntry: (e: PerformanceEntry & Record<string, unknown>) => void) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach((e) => onEntry(e as PerformanceEntry & Record<string, unknown>))).observe({ type, buffered: true });
    } catch {
      // Entry type not supported by this browser: that metric stays empty.
    }
  };
  watch("largest-contentful-paint", (e) => {
    state.lcp = e.startTime;
    state.lcpElement = e.element as Element | null;
    state.lcpUrl = String(e.url ?? "");
  });
  watch("layout-shift", (e) => {
    if (!e.hadRecentInput && state.shifts.length < keep) state.shifts.push([e.startTime, Number(e.value)]);
  });
  watch("longtask", (e) => {
    if (state.longTasks.length < keep) state.longTasks.push([e.startTime, e.duration]);
  });
  watch("resource", (e) => {
    const r = e as unknown as PerformanceResourceTiming & { renderBlockingStatus?: string };
    if (state.resources.length < keep) state.resources.push([r.name, r.initiatorType, r.transferSize, r.encodedBodySize, r.renderBlockingStatus ?? "", r.startTime, r.responseEnd]);
  });
}

/** In-page read (main world) of the observer state, paint timings and the navigation entry. */
function readState(path: (el: Element) => string) {
  const state = (window as unknown as { __sitelintPerf?: ObserverState }).__sitelintPerf;
  if (!state) return null;
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  const paint = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? null;
  const el = state.lcpElement;
  return {
    now: performance.now(),
    loadEnd: nav && nav.loadEventEnd > 0 ? nav.loadEventEnd : null,
    fp: paint("first-paint"),
    fcp: paint("first-contentful-paint"),
    lcp: state.lcp ?? null,
    lcpElement: el && el.isConnected ? path(el) : el ? `(removed) ${el.localName}` : null,
    lcpUrl: state.lcpUrl || null,
    shifts: state.shifts,
    longTasks: state.longTasks,
    resources: state.resources,
    nav: nav ? { url: nav.name, transferSize: nav.transferSize, encodedBodySize: nav.encodedBodySize, responseEnd: nav.responseEnd } : null,
  };
}

/**
 * Prepare `page` for {@link collectPerformance}; call before `page.goto`. Adds an init script (main frame only) with
 * buffered PerformanceObservers for `largest-contentful-paint`, `layout-shift`, `longtask` (not kept in the
 * performance timeline, hence observed from the start) and `resource` (past the 250-entry timeline buffer), each list
 * capped at 2000 entries; and records each request's DevTools resource type (the classification Lighthouse's
 * `resource-summary` uses).
 * @throws whatever `page.addInitScript` throws (page closed).
 */
export async function installPerformanceObservers(page: Page): Promise<void> {
  const types = new Map<string, string>();
  requestTypes.set(page, types);
  page.on("request", (r) => {
    if (types.size < KEEP && !types.has(r.url())) types.set(r.url(), r.resourceType());
  });
  await page.addInitScript({ content: pageCall(observePerformance, KEEP) });
}

const PLAYWRIGHT_TYPES: Record<string, ResourceTypeName> = { document: "document", script: "script", stylesheet: "stylesheet", image: "image", font: "font", media: "media" };

/** Type of a resource the request listener missed (e.g. served from memory cache): by initiator, then extension. */
function guessType(initiator: string, url: string): ResourceTypeName {
  if (initiator === "img" || initiator === "image" || initiator === "input") return "image";
  if (initiator === "video" || initiator === "audio" || initiator === "track") return "media";
  if (initiator === "iframe" || initiator === "frame") return "document";
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? "";
  if (ext === "css") return "stylesheet";
  if (ext === "js" || ext === "mjs" || initiator === "script") return "script";
  if (/^(woff2?|ttf|otf|eot)$/.test(ext)) return "font";
  if (/^(png|jpe?g|gif|webp|avif|svg|ico|bmp)$/.test(ext)) return "image";
  if (/^(mp4|webm|ogg|mp3|wav|m4a|mov)$/.test(ext)) return "media";
  return "other";
}

/** Registrable-domain approximation (last two labels; IPs and single labels as is) — no public suffix list here. */
const siteOf = (host: string) => (/^[\d.]+$|^\[|^[^.]+$/.test(host) ? host : host.split(".").slice(-2).join("."));

/**
 * Read the performance figures of the loaded page and judge them against Lighthouse 13's scoring. Call after `load`
 * and before anything else runs page script (axe would add its own long tasks): it first waits until
 * {@link SETTLE_MS} after the `load` event (page clock), so late long tasks and layout shifts are seen.
 *
 * Metrics: see {@link PerformanceMetrics} (ms, bytes; approximations named there). Findings (category
 * `performance`, `sourceTool` `sitelint-performance`, `refs.lighthouse`): `largest-contentful-paint`,
 * `cumulative-layout-shift`, `total-blocking-time` (when the Lighthouse score for the viewport's form factor is below
 * 0.9), `unsized-images`, `render-blocking-resources`, `total-byte-weight` — see `performanceFindings`.
 * @throws Error when {@link installPerformanceObservers} was not called before navigation; Playwright/CDP errors
 *   (page closed, navigated meanwhile).
 */
export async function collectPerformance(page: Page, { viewport, settleMs = SETTLE_MS }: { viewport: ViewportName; settleMs?: number }): Promise<{ metrics: PerformanceMetrics; findings: FindingDraft[] }> {
  const read = () => page.evaluate(pageCall(readState, cssPath)) as Promise<ReturnType<typeof readState>>;
  const first = await read();
  if (!first) throw new Error("performance observers were not installed before navigation");
  const wait = (first.loadEnd ?? first.now) + settleMs - first.now;
  if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, settleMs)));
  const s = (await read())!;
  const unsized = await findUnsizedImages(page);
  const pageUrl = s.nav?.url || page.url();
  const pageSite = siteOf(new URL(pageUrl).hostname);
  const pageOrigin = new URL(pageUrl).origin;
  const types = requestTypes.get(page) ?? new Map<string, string>();
  const resources: TimedResource[] = [];
  const entries = s.nav ? [[s.nav.url, "navigation", s.nav.transferSize, s.nav.encodedBodySize, "", 0, s.nav.responseEnd] as const, ...s.resources] : s.resources;
  for (const [url, initiator, transfer, encoded, blocking, start, end] of entries) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      continue;
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") continue;
    // The browser's own favicon fetch is not the page's; Lighthouse's resource-summary drops it too.
    if (initiator === "other" && u.pathname.endsWith("/favicon.ico")) continue;
    const known = initiator === "navigation" ? "document" : PLAYWRIGHT_TYPES[types.get(url) ?? ""];
    const crossOrigin = u.origin !== pageOrigin;
    resources.push({
      url, type: known ?? (types.has(url) ? "other" : guessType(initiator, url)), transferBytes: transfer, encodedBodyBytes: encoded,
      renderBlocking: blocking === "blocking", startMs: start, responseEndMs: end, thirdParty: siteOf(u.hostname) !== pageSite,
      unmeasured: crossOrigin && transfer === 0 && encoded === 0,
    });
  }
  const sample: PerformanceSample = {
    viewport, pageUrl, fcpMs: s.fcp, firstPaintMs: s.fp, lcpMs: s.lcp, lcpElement: s.lcpElement, lcpUrl: s.lcpUrl,
    shifts: s.shifts, longTasks: s.longTasks, resources, measuredUntilMs: s.now, unsized,
  };
  const metrics = summarizePerformance(sample);
  return { metrics, findings: performanceFindings(sample, metrics) };
}
