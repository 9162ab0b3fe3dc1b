import { testResult, type ObservatoryResultName } from "./results";
import type { ObservatoryTestResult } from "./types";

/** One cookie as a browser would store it from a `Set-Cookie` field (RFC 6265 §5.2). */
export type ParsedCookie = {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  /** Lower-cased when Strict, Lax or None; undefined when absent or unrecognised. */
  sameSite?: "strict" | "lax" | "none";
  /** Domain attribute without a leading dot, lower-cased; undefined = host-only. */
  domain?: string;
  path?: string;
  /** Max-Age, s (or undefined). */
  maxAge?: number;
  expires?: string;
};

/**
 * Parse one `Set-Cookie` field value (RFC 6265 §5.2): the name-value pair up to the first `;` (no `=` → ignored, as
 * strict parsers such as tough-cookie do), then attributes, case-insensitive, last one wins.
 * @returns undefined when the field sets no cookie.
 */
export function parseSetCookie(raw: string): ParsedCookie | undefined {
  const [pair = "", ...attrs] = raw.split(";");
  const eq = pair.indexOf("=");
  if (eq < 0) return undefined;
  const name = pair.slice(0, eq).trim();
  if (!name) return undefined;
  const c: ParsedCookie = { name, secure: false, httpOnly: false };
  for (const a of attrs) {
    const i = a.indexOf("=");
    const key = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? "" : a.slice(i + 1).trim();
    if (key === "secure") c.secure = true;
    else if (key === "httponly") c.httpOnly = true;
    else if (key === "samesite") {
      const v = value.toLowerCase();
      c.sameSite = v === "strict" || v === "lax" || v === "none" ? v : undefined;
    } else if (key === "domain" && value) c.domain = value.replace(/^\./, "").toLowerCase();
    else if (key === "path") c.path = value;
    else if (key === "max-age" && /^-?\d+$/.test(value)) c.maxAge = Number(value);
    else if (key === "expires") c.expires = value;
  }
  return c;
}

/** Browsers (RFC 6265bis §4.1.3, case-insensitive) reject a `__Secure-` cookie without Secure over HTTPS, and a
 * `__Host-` one without Secure, with a Domain, or with a Path other than `/`. */
function prefixViolation(c: ParsedCookie, https: boolean): string | undefined {
  const n = c.name.toLowerCase();
  if (n.startsWith("__secure-") && (!c.secure || !https)) return "__Secure- needs Secure, set over HTTPS";
  if (n.startsWith("__host-") && (!c.secure || !https || c.domain !== undefined || c.path !== "/")) return "__Host- needs Secure, set over HTTPS, Path=/ and no Domain";
  return undefined;
}

/** RFC 6265 §5.1.3 domain-match of the document host against a Domain attribute. */
const domainMatches = (host: string, domain: string) => host === domain || (host.endsWith(`.${domain}`) && !/^[\d.]+$|:/.test(host));

/** Cookies the browser keeps from these fields: parsed, Domain matching the host, prefix rules met (the rest are dropped). */
function storedCookies(url: URL, setCookies: string[]): { kept: ParsedCookie[]; prefixViolations: { name: string; reason: string }[] } {
  const host = url.hostname.toLowerCase();
  const kept: ParsedCookie[] = [];
  const prefixViolations: { name: string; reason: string }[] = [];
  for (const raw of setCookies) {
    const c = parseSetCookie(raw);
    if (!c || (c.domain !== undefined && !domainMatches(host, c.domain))) continue;
    const reason = prefixViolation(c, url.protocol === "https:");
    if (reason) prefixViolations.push({ name: c.name.slice(0, 100), reason });
    else kept.push(c);
  }
  return { kept, prefixViolations };
}

/** A raw field whose SameSite attribute is empty or not Strict/Lax/None (Observatory checks the raw header too). */
function hasInvalidSameSite(raw: string): boolean {
  return raw.split(";").some((part) => {
    const [key, value] = part.trim().split("=");
    if (key?.trim().toLowerCase() !== "samesite") return false;
    return !value || !["lax", "strict", "none"].includes(value.trim().toLowerCase());
  });
}

// Observatory's order of results from least to most severe: a cookie can only make the result worse.
const WORSE = [
  "cookies-without-secure-flag-but-protected-by-hsts",
  "cookies-without-secure-flag",
  "cookies-session-without-secure-flag-but-protected-by-hsts",
  "cookies-samesite-flag-invalid",
  "cookies-anticsrf-without-samesite-flag",
  "cookies-session-without-httponly-flag",
  "cookies-session-without-secure-flag",
] as const satisfies ObservatoryResultName[];
/** Observatory ignores Heroku's affinity cookie (http-observatory issue 282). */
const IGNORED = new Set(["heroku-session-affinity"]);

/**
 * MDN HTTP Observatory test `cookies` on the cookies the document response sets. A cookie whose name contains
 * "login" or "sess" is a session cookie, one containing "csrf" an anti-CSRF token (Observatory's heuristics). The worst
 * finding wins: session cookie without Secure (-40; -10 when HSTS protects it) / without HttpOnly (-30), anti-CSRF
 * without SameSite (-20), SameSite invalid or None without Secure (-20), any cookie without Secure (-20; -5 with HSTS).
 * All good → `cookies-secure-with-httponly-sessions-and-samesite` (+5) when every cookie has SameSite, else
 * `cookies-secure-with-httponly-sessions`; no cookies → `cookies-not-found`.
 *
 * Observatory reads its cookie jar after fetching the page, its redirects and /robots.txt; SiteLint reads the
 * document response's `Set-Cookie` fields only. Cookies a browser would drop (Domain not matching the host, broken
 * `__Host-`/`__Secure-` prefix rules — tough-cookie drops those silently too) are left out; see {@link cookiePrefixTest}.
 * @param hstsPass whether the same document's `strict-transport-security` test passed (HSTS ≥ six months).
 */
export function cookiesTest(o: { url: string; setCookies: string[]; hstsPass: boolean }): ObservatoryTestResult {
  const { kept } = storedCookies(new URL(o.url), o.setCookies);
  const cookies = kept.filter((c) => !IGNORED.has(c.name));
  let result: (typeof WORSE)[number] | undefined;
  const worsen = (r: (typeof WORSE)[number]) => {
    if (result === undefined || WORSE.indexOf(r) > WORSE.indexOf(result)) result = r;
  };
  // As in Observatory, no stored cookie means "not found" even when a rejected field had a bad SameSite.
  if (cookies.length === 0) return testResult("cookies", "cookies-not-found", true);
  if (o.setCookies.some(hasInvalidSameSite)) worsen("cookies-samesite-flag-invalid");
  let missingSameSite = false;
  for (const c of cookies) {
    const n = c.name.toLowerCase();
    const session = n.includes("login") || n.includes("sess");
    if (!c.secure && c.sameSite === "none") worsen("cookies-samesite-flag-invalid");
    if (!c.secure) worsen(o.hstsPass ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag");
    if (n.includes("csrf") && !c.sameSite) worsen("cookies-anticsrf-without-samesite-flag");
    if (session && !c.secure) worsen(o.hstsPass ? "cookies-session-without-secure-flag-but-protected-by-hsts" : "cookies-session-without-secure-flag");
    if (session && !c.httpOnly) worsen("cookies-session-without-httponly-flag");
    if (!c.sameSite) missingSameSite = true;
  }
  const final: ObservatoryResultName = result ?? (missingSameSite ? "cookies-secure-with-httponly-sessions" : "cookies-secure-with-httponly-sessions-and-samesite");
  const pass = final === "cookies-secure-with-httponly-sessions" || final === "cookies-secure-with-httponly-sessions-and-samesite";
  const data = Object.fromEntries(cookies.slice(0, 30).map((c) => [c.name.slice(0, 100), { secure: c.secure, httponly: c.httpOnly, samesite: c.sameSite ?? null, domain: c.domain ?? null, path: c.path ?? null }]));
  return testResult("cookies", final, pass, { cookies: data, sameSite: final === "cookies-secure-with-httponly-sessions-and-samesite" });
}

/**
 * SiteLint extension `cookie-prefixes` (unscored; RFC 6265bis §4.1.3): `cookie-prefixes-invalid` when a `__Secure-`
 * or `__Host-` cookie breaks its prefix's rules — the browser drops it, so the site's login or CSRF protection that
 * relies on it silently fails.
 */
export function cookiePrefixTest(o: { url: string; setCookies: string[] }): ObservatoryTestResult {
  const { prefixViolations } = storedCookies(new URL(o.url), o.setCookies);
  if (prefixViolations.length === 0) return testResult("cookie-prefixes", "cookie-prefixes-valid", true);
  return testResult("cookie-prefixes", "cookie-prefixes-invalid", false, { cookies: prefixViolations.slice(0, 20) });
}
