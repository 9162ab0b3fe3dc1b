import type { ViewportName } from "../types";
import type { findUnsizedImages } from "./performance-unsized-images";

/** Lighthouse's network resource types (`resource-summary`), `third-party` being an overlay of the others. */
export const RESOURCE_TYPES = ["document", "script", "stylesheet", "image", "font", "media", "other"] as const;
export type ResourceTypeName = (typeof RESOURCE_TYPES)[number];
export type RequestTally = { requests: number; transfer_bytes: number };

/** One Resource Timing entry, as the init script keeps it. */
export type TimedResource = {
  url: string;
  type: ResourceTypeName;
  /** Bytes on the wire (headers + encoded body); 0 for cache hits and for cross-origin responses without `Timing-Allow-Origin`. */
  transferBytes: number;
  encodedBodyBytes: number;
  /** Resource Timing `renderBlockingStatus` (Chromium ≥ 107). */
  renderBlocking: boolean;
  startMs: number;
  responseEndMs: number;
  thirdParty: boolean;
  /** Cross-origin without `Timing-Allow-Origin`: sizes read as 0, so the real bytes are unknown. */
  unmeasured: boolean;
};

/**
 * Figures of one page load (`PageAuditResult.metrics.performance`). Times in ms since navigation start, sizes in
 * bytes. Lab values from an unthrottled run (no CPU or network throttling, one sample): a fast local network and CPU
 * make them lower than Lighthouse's simulated mobile numbers.
 */
export type PerformanceMetrics = {
  /** Last `largest-contentful-paint` entry (null: none emitted, e.g. an empty page). */
  lcp_ms: number | null;
  lcp_element: string | null;
  fcp_ms: number | null;
  /** Largest session window (1 s gap, 5 s cap) of layout shifts without recent input, main frame. */
  cls: number;
  /** Σ (long task time beyond 50 ms) between FCP and `measured_until_ms` — Lighthouse ends at TTI; we end at load + settle. */
  tbt_ms: number;
  long_tasks: number;
  measured_until_ms: number;
  /** Σ Resource Timing `transferSize` of the document and main-frame subresources (unmeasured ones add 0). */
  transfer_bytes: number;
  requests: number;
  by_type: Record<ResourceTypeName | "third-party", RequestTally>;
  /** Cross-origin requests without `Timing-Allow-Origin`: counted, their bytes unknown (0 in the totals). */
  unmeasured_requests: number;
  /** Lighthouse scores (0..1) of the values with the viewport's control points. */
  scores: { lcp: number | null; fcp: number | null; cls: number; tbt: number; total_byte_weight: number };
  unsized_images: number;
  render_blocking_requests: number;
  method: "lab, unthrottled, Resource Timing + PerformanceObserver";
};

/** The raw figures read from the page (input of the finding rules; plain data). */
export type PerformanceSample = {
  viewport: ViewportName;
  pageUrl: string;
  fcpMs: number | null;
  firstPaintMs: number | null;
  lcpMs: number | null;
  lcpElement: string | null;
  lcpUrl: string | null;
  shifts: [startMs: number, value: number][];
  longTasks: [startMs: number, durationMs: number][];
  resources: TimedResource[];
  measuredUntilMs: number;
  unsized: Awaited<ReturnType<typeof findUnsizedImages>>;
};

