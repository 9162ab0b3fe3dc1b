import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import type { GuardOptions } from "@/lib/net/guarded-lookup";
import { within } from "@/lib/within";
import { startPolicyProxy, type PolicyProxy } from "@/lib/net/policy-proxy";
import { authContextOptions, installAuthRoutes, type AppliedAuth } from "./auth-profiles/apply-auth";
import type { ViewportName } from "./types";
import { viewportContextOptions } from "./viewports";

/** Audits one session serves before it is closed and a fresh one opened (bounds renderer memory and carried state). */
export const MAX_AUDITS_PER_SESSION = 50;
/** Every this many audits the session's renderer is garbage-collected (CDP `HeapProfiler.collectGarbage`, ≈ 60 ms):
 * V8 otherwise keeps the previous pages' documents and axe-core copies, and a renderer grows ≈ 2.5 MiB per page
 * (measured on the MDN corpus: 241 MiB after 60 pages, 84 MiB when collected every 5). */
export const GC_EVERY_AUDITS = 4;

/** Longest a renderer's garbage collection may take, ms, before the session counts as broken. */
const GC_TIMEOUT_MS = 5_000;

/** How long an unused session stays open, ms (a resumed job's next step usually follows within this). */
export const SESSION_IDLE_MS = 10_000;

/**
 * One crawl worker's browser session: a context (viewport emulation, the scan's auth profile, a policy proxy of its
 * own) and one page that consecutive audits navigate — the way a visitor browses the site, and the way pa11y-ci reuses
 * its browser. Reusing the page keeps its renderer process, so neither a new process nor a cold compile of axe-core is
 * paid per page (see docs/benchmarks.md).
 */
export type BrowserSession = {
  readonly browser: Browser;
  readonly viewport: ViewportName;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The session's policy proxy; its refusals go to {@link BrowserSession.onRefused} while an audit runs. */
  readonly proxy: PolicyProxy;
  /** Set by the audit using the session: where the proxy's refusals are recorded meanwhile. */
  onRefused?: (r: { host: string; port: string; url?: string }) => void;
  /** Set by an audit that left the session unusable (timed out, page crashed or closed): it is closed, not reused. */
  broken?: boolean;
  audits: number;
  /** CDP session on the page, for the periodic garbage collection (absent where CDP is unavailable). */
  cdp?: CDPSession;
};

/** Reusable browser sessions of one scan run (see {@link createSessionPool}). */
export type SessionPool = {
  /**
   * Run `fn` with an idle session of `browser` for `viewport` (opened on demand). Afterwards the session goes back to
   * the pool (its renderer garbage-collected every {@link GC_EVERY_AUDITS} audits) — or is closed when `fn` marked it
   * `broken`, threw, or it reached {@link MAX_AUDITS_PER_SESSION}.
   * @throws what opening the context or `fn` throws.
   */
  use<T>(browser: Browser, viewport: ViewportName, auth: AppliedAuth | undefined, fn: (s: BrowserSession) => Promise<T>): Promise<T>;
  /** Close every session (idle ones now; busy ones when their audit returns). */
  close(): Promise<void>;
  /** Sessions open now (idle + busy). */
  size(): number;
};

async function openSession(browser: Browser, viewport: ViewportName, auth: AppliedAuth | undefined, o: { net: GuardOptions; timeoutMs: number }): Promise<BrowserSession> {
  let session: BrowserSession | undefined;
  const proxy = await startPolicyProxy({ ...o.net, onRefused: (r) => session?.onRefused?.(r) });
  try {
    const context = await browser.newContext({
      ...viewportContextOptions(viewport, browser.version()), ignoreHTTPSErrors: false, serviceWorkers: "block", proxy: { server: proxy.url }, ...authContextOptions(auth),
    });
    try {
      await installAuthRoutes(context, auth, { timeoutMs: o.timeoutMs });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page).catch(() => undefined);
      session = { browser, viewport, context, page, proxy, audits: 0, cdp };
      return session;
    } catch (e) {
      await context.close().catch(() => undefined);
      throw e;
    }
  } catch (e) {
    await proxy.close().catch(() => undefined);
    throw e;
  }
}

async function closeSession(s: BrowserSession): Promise<void> {
  await s.context.close().catch(() => undefined);
  await s.proxy.close().catch(() => undefined);
}

/**
 * A pool of {@link BrowserSession}s for one scan run: at most one per concurrent audit and viewport, each used by one
 * audit at a time, closed after {@link SESSION_IDLE_MS} unused (so a run that stops between durable steps — Inngest
 * invokes the function per step — leaves no context open), on `close()`, or when its browser is gone.
 * @param net the scan's URL policy: each session's proxy enforces it on every connection its browser context makes.
 * @param timeoutMs navigation timeout (scripted logins of the auth profile use it).
 * @param idleMs how long an unused session stays open (default {@link SESSION_IDLE_MS}), ms.
 * @param maxAudits audits per session before it is replaced (default {@link MAX_AUDITS_PER_SESSION}).
 */
export function createSessionPool(o: { net: GuardOptions; timeoutMs: number; idleMs?: number; maxAudits?: number }): SessionPool {
  const maxAudits = o.maxAudits ?? MAX_AUDITS_PER_SESSION;
  /** Still usable for another audit: not marked broken, page open, browser connected, under the audit quota. */
  const reusable = (s: BrowserSession, browser: Browser) =>
    !s.broken && s.browser === browser && browser.isConnected() && !s.page.isClosed() && s.audits < maxAudits;
  const idle: { session: BrowserSession; timer: NodeJS.Timeout }[] = [];
  let open = 0;
  let closed = false;
  const retire = async (s: BrowserSession) => {
    open--;
    await closeSession(s);
  };
  const takeIdle = (browser: Browser, viewport: ViewportName): BrowserSession | undefined => {
    for (let i = idle.length - 1; i >= 0; i--) {
      const entry = idle[i]!;
      if (entry.session.viewport !== viewport || entry.session.browser !== browser) continue;
      idle.splice(i, 1);
      clearTimeout(entry.timer);
      return entry.session;
    }
    return undefined;
  };
  const putBack = (s: BrowserSession) => {
    const timer = setTimeout(() => {
      const i = idle.findIndex((e) => e.session === s);
      if (i >= 0) idle.splice(i, 1);
      void retire(s);
    }, o.idleMs ?? SESSION_IDLE_MS);
    timer.unref();
    idle.push({ session: s, timer });
  };
  return {
    async use(browser, viewport, auth, fn) {
      let session = takeIdle(browser, viewport);
      while (session && !reusable(session, browser)) {
        await retire(session);
        session = takeIdle(browser, viewport);
      }
      if (!session) {
        session = await openSession(browser, viewport, auth, o);
        open++;
      }
      const s = session;
      let ok = false;
      try {
        const value = await fn(s);
        ok = true;
        return value;
      } finally {
        s.audits++;
        s.onRefused = undefined;
        // A collection that does not finish in time means a renderer that stopped answering: replace the session.
        if (ok && !closed && reusable(s, browser) && s.audits % GC_EVERY_AUDITS === 0 && s.cdp) {
          await within(s.cdp.send("HeapProfiler.collectGarbage"), GC_TIMEOUT_MS).catch(() => void (s.broken = true));
        }
        if (ok && !closed && reusable(s, browser)) putBack(s);
        else await retire(s);
      }
    },
    async close() {
      closed = true;
      const all = idle.splice(0);
      await Promise.all(all.map(({ session, timer }) => (clearTimeout(timer), retire(session))));
    },
    size: () => open,
  };
}
