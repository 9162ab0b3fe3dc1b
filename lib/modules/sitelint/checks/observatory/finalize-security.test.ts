// finalizeScan stores the site grade (summary.security) from the pages' stored metrics.security and the scan's
// redirection result: a real database (PGlite per test worker, see scripts/vitest-setup.ts).
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { finalizeScan } from "../../finalize-scan";
import { classifyRedirectRoute } from "./redirection";
import { runObservatoryTests } from "./run-tests";
import type { SiteSecurityGrade } from "./site-grade";

const doc = (url: string, headers: Record<string, string>) => runObservatoryTests({ url, headers, setCookies: [], metaCsp: [], metaReferrer: [], scripts: [], subresources: [] });

describe("finalizeScan summary.security", () => {
  it("grades the start page with the redirection result and reports the lowest page", async () => {
    const db = await getDb();
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
    await db.insert(scans).values({ id: scanId, jobId, url: "https://site.test", origin: "https://site.test", profile: "quick", viewportSet: "desktop_mobile", crawlBudget: 5 });
    const hardened = doc("https://site.test/", { "content-security-policy": "default-src 'self'; frame-ancestors 'none'", "strict-transport-security": "max-age=63072000", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
    const bare = doc("https://site.test/about", {});
    const row = (url: string, viewport: "desktop" | "mobile", metrics: Record<string, unknown> | null, status: "ok" | "failed" = "ok") => ({ id: newId("page"), scanId, url, viewport, status, metrics });
    await db.insert(scanPages).values([
      row("https://site.test/", "desktop", { security: hardened, performance: { lcp_ms: 900 } }),
      row("https://site.test/", "mobile", { security: hardened }),
      row("https://site.test/about", "desktop", { security: bare }),
      row("https://site.test/broken", "desktop", null, "failed"),
    ]);
    const redirection = classifyRedirectRoute({ kind: "route", hops: [{ url: "http://site.test/", status: 301 }, { url: "https://site.test/", status: 200 }] });
    const summary = await finalizeScan(db, scanId, { robotsSkipped: [], robotsNote: null }, { redirection });
    const expected: SiteSecurityGrade = {
      // 100 + 5 (CSP) + 5 (referrer) + 5 (frame-ancestors) = 115.
      start: { url: "https://site.test/", score: 115, grade: "A+" },
      // -25 CSP, -20 HSTS, -5 X-Content-Type-Options, -20 framing.
      lowest: { url: "https://site.test/about", score: 30, grade: "D" },
      pages_graded: 2,
      by_grade: { "A+": 1, D: 1 },
      redirection: { result: "redirection-to-https", pass: true, score_modifier: 0, scored: true },
    };
    expect(summary.security).toEqual(expected);
    const [stored] = await db.select({ summary: scans.summary }).from(scans).where(eq(scans.id, scanId));
    expect(stored?.summary?.security).toEqual(expected);
  });
});
