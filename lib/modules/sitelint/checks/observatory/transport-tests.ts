import { testResult } from "./results";
import type { ObservatoryTestResult, Subresource } from "./types";

/** 180 days, s: Observatory's "six months" (15768000 is six months; it accepts the common 15552000). */
export const HSTS_SIX_MONTHS_S = 15_552_000;

/**
 * MDN HTTP Observatory test `strict-transport-security` on the document's response (RFC 6797 §6.1): not https →
 * `hsts-not-implemented-no-https` (browsers ignore HSTS over plain HTTP, RFC 6797 §8.1); no header →
 * `hsts-not-implemented`; a value with a comma (two fields) or without a usable `max-age=` → `hsts-header-invalid`;
 * `max-age` below {@link HSTS_SIX_MONTHS_S} → `…-less-than-six-months`, else `…-at-least-six-months`.
 * `includeSubDomains` and `preload` are recorded in `data` (Observatory does not score them).
 *
 * Differences from Observatory: the HSTS preload list is not consulted (SiteLint has no copy; `hsts-preloaded` is
 * never returned), a quoted max-age (`max-age="31536000"`, allowed by RFC 6797 §6.1) is accepted, and a non-numeric
 * max-age is invalid (Observatory's parseInt gives NaN, which it then counts as long enough). An invalid certificate
 * never reaches this test: the browser refuses the page.
 */
export function strictTransportSecurityTest(url: string, headers: Record<string, string | undefined>): ObservatoryTestResult {
  if (new URL(url).protocol !== "https:") return testResult("strict-transport-security", "hsts-not-implemented-no-https", false);
  const v = headers["strict-transport-security"];
  if (v === undefined) return testResult("strict-transport-security", "hsts-not-implemented", false);
  const header = v.slice(0, 1024);
  let maxAge: number | null = null;
  let includeSubDomains = false;
  let preload = false;
  for (const p of header.split(";").map((x) => x.trim().toLowerCase())) {
    if (p.startsWith("max-age=")) maxAge = Number.parseInt(p.slice(8, 128).replace(/^"|"$/g, ""), 10);
    else if (p === "includesubdomains") includeSubDomains = true;
    else if (p === "preload") preload = true;
  }
  const data = { header, maxAge, includeSubDomains, preload };
  if (header.includes(",") || maxAge === null || Number.isNaN(maxAge)) return testResult("strict-transport-security", "hsts-header-invalid", false, data);
  const long = maxAge >= HSTS_SIX_MONTHS_S;
  return testResult("strict-transport-security", long ? "hsts-implemented-max-age-at-least-six-months" : "hsts-implemented-max-age-less-than-six-months", long, data);
}

/** Resource types a browser treats as passive ("optionally blockable") mixed content (Mixed Content §3). */
const PASSIVE = new Set(["image", "media", "img", "audio", "video", "source", "track"]);

/**
 * SiteLint extension `mixed-content` (not part of the Observatory score; W3C Mixed Content Level 2): on an https
 * document, every subresource requested or referenced over `http:` — `mixed-content-passive` when all are images /
 * media, `mixed-content-active` when any script, style, frame, fetch or other is. `ws:` counts as active too.
 * Non-https documents → `mixed-content-not-applicable`.
 * @param subresources what the browser requested (`request` events) plus http: URLs referenced in the DOM.
 * @returns `data.urls`: up to 20 offending `{ url, type }`, `data.total`.
 */
export function mixedContentTest(url: string, subresources: Subresource[]): ObservatoryTestResult {
  if (new URL(url).protocol !== "https:") return testResult("mixed-content", "mixed-content-not-applicable", true);
  const seen = new Map<string, Subresource>();
  for (const s of subresources) if (/^(http|ws):/i.test(s.url) && !seen.has(s.url)) seen.set(s.url, s);
  const bad = [...seen.values()];
  if (bad.length === 0) return testResult("mixed-content", "mixed-content-none", true);
  const active = bad.some((s) => !PASSIVE.has(s.type));
  return testResult("mixed-content", active ? "mixed-content-active" : "mixed-content-passive", false, {
    urls: bad.slice(0, 20).map((s) => ({ url: s.url.slice(0, 500), type: s.type })),
    total: bad.length,
  });
}
