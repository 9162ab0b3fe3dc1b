import type { NetworkGuard } from "@/lib/net/network-guard";
import { isPolicyRefusal } from "@/lib/net/policy-refusal";
import { testResult } from "./results";
import { ROBOTS_USER_AGENT } from "../../robots";
import type { ObservatoryTestResult } from "./types";

/** Most redirects followed (Observatory `MAX_REDIRECTS`). */
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Node/OpenSSL codes of an untrusted or unusable certificate (Observatory `CERT_ERROR_CODES`, abridged by pattern). */
const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY|DECRYPT|DECODE)|HOSTNAME_MISMATCH|ALTNAME|INVALID_CA|PATH_LENGTH|INVALID_PURPOSE|CRL/;

/** One hop: the URL fetched and the status it answered (the last hop is where the chain ended). */
export type RedirectHop = { url: string; status: number };

/** How following http://host/ went: the hops, or why it stopped. */
export type RedirectRoute =
  | { kind: "route"; hops: RedirectHop[] }
  | { kind: "no-http"; error: string }
  | { kind: "invalid-cert"; hops: RedirectHop[]; error: string }
  | { kind: "refused"; hops: RedirectHop[]; error: string };

/**
 * Classify a redirect chain as MDN HTTP Observatory's `redirection` test does (`src/analyzer/tests/redirection.js`):
 * one hop (http answered without redirecting) → `redirection-missing`; last hop not https → `redirection-not-to-https`;
 * second hop http → `…-not-to-https-on-initial-redirection`; first redirect to https on another host →
 * `redirection-off-host-from-http` (HSTS of the host never seen); else `redirection-to-https`. Host comparison ignores
 * the port, as Observatory's does. Not reachable over http → `redirection-not-needed-no-http`; a certificate error
 * on the way → `redirection-invalid-cert`. SiteLint has no HSTS preload list, so
 * `redirection-all-redirects-preloaded` is never returned. A chain cut short (a hop refused by the URL policy or
 * failing) is classified on the hops seen before it.
 */
export function classifyRedirectRoute(route: RedirectRoute): ObservatoryTestResult {
  if (route.kind === "no-http") return testResult("redirection", "redirection-not-needed-no-http", true, { error: route.error.slice(0, 300) });
  const hops = route.hops;
  const data = { route: hops.map((h) => h.url.slice(0, 500)), statusCode: hops[0]?.status ?? null, destination: hops.at(-1)?.url.slice(0, 500) ?? null, ...(route.kind !== "route" ? { error: route.error.slice(0, 300) } : {}) };
  if (route.kind === "invalid-cert") return testResult("redirection", "redirection-invalid-cert", false, data);
  const urls = hops.map((h) => new URL(h.url));
  const [first, second] = urls;
  if (urls.length <= 1) return testResult("redirection", "redirection-missing", false, { ...data, redirects: false });
  if (urls.at(-1)!.protocol !== "https:") return testResult("redirection", "redirection-not-to-https", false, data);
  if (second!.protocol === "http:") return testResult("redirection", "redirection-not-to-https-on-initial-redirection", false, { ...data, statusCode: hops.at(-1)!.status });
  if (first!.protocol === "http:" && second!.protocol === "https:" && first!.hostname !== second!.hostname) return testResult("redirection", "redirection-off-host-from-http", false, data);
  return testResult("redirection", "redirection-to-https", true, data);
}

const errorCode = (e: unknown): string => {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
  }
  return "";
};
const describeError = (e: unknown) => `${errorCode(e) || "error"}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`;

/**
 * Follow `http://<host>[:port]/` hop by hop (`redirect: "manual"`, at most 10 redirects, GET, bodies discarded)
 * through the scan's {@link NetworkGuard} — so the URL policy applies to every hop — and record each hop.
 * @param origin the site's origin (`https://example.com` or `http://…`); the test starts from its http:// form, same
 *   host and port (Observatory uses the site's port for both schemes).
 * @param timeoutMs per hop, ms (default 10 000).
 */
export async function followHttpRedirects(net: NetworkGuard, origin: string, timeoutMs = 10_000): Promise<RedirectRoute> {
  const start = new URL("/", origin);
  start.protocol = "http:";
  const hops: RedirectHop[] = [];
  let url = start.toString();
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    let res;
    try {
      res = await net.fetch(url, { redirect: "manual", headers: { "user-agent": `${ROBOTS_USER_AGENT}/0.1`, accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      if (CERT_ERROR.test(errorCode(e))) return { kind: "invalid-cert", hops, error: describeError(e) };
      if (isPolicyRefusal(e)) return { kind: "refused", hops, error: describeError(e) };
      // Observatory gives up on the whole http session when any hop fails.
      return hops.length === 0 ? { kind: "no-http", error: describeError(e) } : { kind: "refused", hops, error: describeError(e) };
    }
    await res.body?.cancel().catch(() => undefined);
    hops.push({ url, status: res.status });
    const location = res.headers.get("location");
    if (!REDIRECT_STATUSES.has(res.status) || !location || i === MAX_REDIRECTS) break;
    try {
      url = new URL(location, url).toString();
    } catch {
      break;
    }
  }
  return { kind: "route", hops };
}

/**
 * MDN HTTP Observatory test `redirection` for a site, once per scan: {@link followHttpRedirects} then
 * {@link classifyRedirectRoute}. When the URL policy refuses the http:// origin itself, the test cannot run: the result
 * is `redirection-not-needed-no-http` with `scored: false` and `data.refusedByPolicy`. When a later hop is refused or
 * fails, the chain up to there is classified and `data.error` says why it stopped. Never throws for network errors.
 * @param net the scan's guard (its policy decides which hosts may be contacted).
 * @param origin the scan's origin, e.g. `https://example.com`.
 */
export async function redirectionTest(net: NetworkGuard, origin: string): Promise<ObservatoryTestResult> {
  const route = await followHttpRedirects(net, origin);
  if (route.kind === "refused" && route.hops.length === 0) {
    // Not tested rather than guessed: the result names the closest outcome but is left out of the score.
    return { ...testResult("redirection", "redirection-not-needed-no-http", true, { error: route.error.slice(0, 300), refusedByPolicy: true }), scored: false };
  }
  return classifyRedirectRoute(route);
}
