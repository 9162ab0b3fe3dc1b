import type { BrowserContext } from "playwright-core";
import { assertUrlAllowed, type UrlPolicy } from "@/lib/runtime/policy/url-policy";

export type RequestGuard = {
  /** Whether the policy allows `url`'s origin (cached per origin for the context's life). */
  isAllowed(url: string): Promise<boolean>;
  /** Whether the guard aborted this exact URL — lets diagnostics tell policy blocks from the site's own failures. */
  wasBlocked(url: string): boolean;
};

/**
 * Abort browser requests whose host the URL policy refuses (main document, subresources, iframes), so an audited page
 * cannot make the crawler's browser load intranet or cloud-metadata URLs (SSRF). `data:`/`blob:` never reach the
 * network. Routing turns off Chromium's HTTP cache for the context, which a fresh audit context does not use anyway.
 *
 * Limits: Playwright routes only the first request of a redirect chain, and WebSockets are not routed — so callers
 * must still check the main document's redirect chain and frame URLs after load (`auditPage` does) before trusting a
 * screenshot. Closing these gaps completely needs a socket-level guard (a policy-enforcing proxy).
 */
export async function guardRequests(context: BrowserContext, policy: UrlPolicy): Promise<RequestGuard> {
  const decisions = new Map<string, Promise<boolean>>();
  const blocked = new Set<string>();
  const isAllowed = (url: string): Promise<boolean> => {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return Promise.resolve(false);
    }
    let d = decisions.get(origin);
    if (!d) {
      d = assertUrlAllowed(url, policy).then(() => true, () => false);
      decisions.set(origin, d);
    }
    return d;
  };
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    // continue/abort reject once the context is closed (deadline, page done); nothing is left to protect then.
    if (await isAllowed(url)) return route.continue().catch(() => undefined);
    blocked.add(url);
    return route.abort("blockedbyclient").catch(() => undefined);
  });
  return { isAllowed, wasBlocked: (url) => blocked.has(url) };
}
