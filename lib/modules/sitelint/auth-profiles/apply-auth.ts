import type { BrowserContext, BrowserContextOptions, Route } from "playwright-core";

/** A cookie as Playwright's storage state holds it. */
export type StateCookie = { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: "Strict" | "Lax" | "None" };

/** Storage state restricted to the profile's origin: host-only cookies of its host and its own localStorage. */
export type OriginStorageState = { cookies: StateCookie[]; origins: { origin: string; localStorage: { name: string; value: string }[] }[] };

/**
 * An auth profile made ready for page contexts (built once per scan by `createScanAuth`): cookies / login state as a
 * storage state, request headers for the origin, and every secret value to redact from results. Holds secrets: keep it
 * in memory only (never in a job step's memoized result, a log or a row).
 */
export type AppliedAuth = {
  /** The only origin the profile applies to (`scheme://host[:port]`). */
  origin: string;
  storageState?: OriginStorageState;
  /** Sent only on requests whose URL is on `origin` ({@link installAuthRoutes}). */
  headers?: Record<string, string>;
  /** Values to redact from everything a page audit returns. */
  secrets: string[];
  /** Set when the profile could not be applied (login failed, profile gone): every page fails with this error. */
  failure?: { code: "AUTH_LOGIN_FAILED"; message: string };
};

/** `newContext` options for `auth`: its storage state (cookies, localStorage), or nothing. */
export function authContextOptions(auth: AppliedAuth | undefined): Pick<BrowserContextOptions, "storageState"> {
  return auth?.storageState ? { storageState: auth.storageState } : {};
}

/**
 * Add `auth.headers` to the requests of `context` whose URL is on `auth.origin`, and to no other request.
 *
 * Why not `extraHTTPHeaders` (sent to every host) or `route.continue({ headers })`: Playwright (≥ 1.41) re-applies a
 * continued request's header overrides to every redirect hop it triggers, and does not route those hops — so a
 * same-origin URL redirecting to a third party would carry the header there. Instead the request is fetched by
 * Playwright's context request client (`route.fetch`, which goes through the context's proxy — the policy proxy —
 * and its cookie jar) with the headers added and `maxRedirects: 0`, and the answer fulfilled as is: the browser
 * follows a redirect itself, as a new request that gets no profile header (even back on the origin — an
 * intentionally conservative limit; see docs/sitelint-auth-profiles.md). Requests to other origins are not
 * intercepted at all. A request whose fetch fails is aborted (`failed`), so it shows as a failed request.
 * @param timeoutMs bound for each fetch, ms.
 */
export async function installAuthRoutes(context: BrowserContext, auth: AppliedAuth | undefined, { timeoutMs }: { timeoutMs: number }): Promise<void> {
  const headers = auth?.headers;
  if (!auth || !headers || Object.keys(headers).length === 0) return;
  const origin = auth.origin;
  await context.route(
    (url) => url.origin === origin,
    async (route: Route) => {
      const request = route.request();
      // Belt and braces: the matcher already limits this to the origin.
      if (new URL(request.url()).origin !== origin) return route.continue();
      try {
        const response = await route.fetch({ headers: { ...request.headers(), ...headers }, maxRedirects: 0, timeout: timeoutMs });
        await route.fulfill({ response });
      } catch {
        await route.abort("failed").catch(() => undefined);
      }
    },
  );
}
