import { randomBytes } from "node:crypto";
import type http from "node:http";
import os from "node:os";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { findings, jobs, jobSteps, scanPages, scans } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { createMemoStep } from "@/lib/jobs/memo-step";
import { getObjectStore } from "@/lib/object-store";
import { crawlScan } from "../crawl-scan";
import { closeSharedBrowser, withSharedBrowser } from "../shared-browser";
import { createAuthProfile } from "./create-auth-profile";
import { parseAuthPayload, type LoginPayload } from "./payload";
import { REDACTED } from "./redact-secrets";
import { runLogin } from "./run-login";

// Secrets of this run: random, so a match anywhere can only come from a leak.
const hex = () => randomBytes(10).toString("hex");
const USERNAME = `alice-${hex()}`;
const PASSWORD = `pw-${hex()}`;
const SESSION = `sess-${hex()}`;
const API_KEY = `apikey-${hex()}`;
const COOKIE_VALUE = `ck-${hex()}`;

type Seen = { path: string; headers: http.IncomingHttpHeaders };
const html = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title><meta name="description" content="${title} page"></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
  res.end(body);
};
const readBody = (req: http.IncomingMessage) => new Promise<string>((resolve) => {
  let s = "";
  req.on("data", (c) => (s += c));
  req.on("end", () => resolve(s));
});
const hasSession = (req: http.IncomingMessage) => (req.headers.cookie ?? "").split(/;\s*/).includes(`sid=${SESSION}`);
const loginForm = (error = "") =>
  html("Sign in", `${error}<form method="post" action="/login"><label>User <input id="user" name="user"></label><label>Password <input id="pw" name="pw" type="password"></label><button id="go" type="submit">Sign in</button></form>`);

describe("auth profiles in a real scan (real Chromium, local site + third-party origin)", () => {
  let site: StaticServer;
  let third: StaticServer;
  let thirdOrigin: string;
  const siteSeen: Seen[] = [];
  const thirdSeen: Seen[] = [];
  const log = (into: Seen[]) => (req: http.IncomingMessage) => into.push({ path: req.url ?? "", headers: req.headers });

  beforeAll(async () => {
    process.env.SITELINT_URL_ALLOWLIST = "127.0.0.1,localhost";
    process.env.SITELINT_PAGE_TIMEOUT_MS = "4000";
    process.env.SITELINT_CONCURRENCY = "2";
    resetEnvForTests();
    third = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/pixel.png": (req, res) => (log(thirdSeen)(req), send(res, 200, "", { "content-type": "image/png" })),
        "/landing.html": (req, res) => (log(thirdSeen)(req), send(res, 200, html("Elsewhere", "<p>third party</p>"))),
      },
    });
    // Another host (cookies are per host, not per port), so a cookie on 127.0.0.1 is never sent there by design.
    thirdOrigin = third.origin.replace("127.0.0.1", "localhost");
    const thirdParty = `<img src="${thirdOrigin}/pixel.png" alt="">`;
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/robots.txt": { body: "User-agent: *\nAllow: /\n", headers: { "content-type": "text/plain" } },
        "/login": async (req, res) => {
          log(siteSeen)(req);
          if (req.method !== "POST") return send(res, 200, loginForm());
          const form = new URLSearchParams(await readBody(req));
          if (form.get("user") !== USERNAME || form.get("pw") !== PASSWORD) return send(res, 200, loginForm(`<p id="error">Wrong user name or password</p>`));
          send(res, 302, "", { location: "/account", "set-cookie": `sid=${SESSION}; Path=/; HttpOnly; SameSite=Lax` });
        },
        "/account": (req, res) => {
          log(siteSeen)(req);
          if (!hasSession(req)) return send(res, 302, "", { location: "/login" });
          // The session token shows up in an axe snippet (image without alt), a failed request URL and a console error.
          send(res, 200, html("My account", `<p id="account-ready">Signed in</p><img src="/avatar.png?token=${SESSION}"><img src="/missing.png?t=${SESSION}" alt="gone">${thirdParty}<a href="/account/settings">Settings</a><script>console.error("session ${SESSION}")</script>`));
        },
        "/account/settings": (req, res) => {
          log(siteSeen)(req);
          if (!hasSession(req)) return send(res, 302, "", { location: "/login" });
          send(res, 200, html("Settings", `<p>Settings for the signed-in user</p>`));
        },
        "/h/": (req, res) => {
          log(siteSeen)(req);
          if (req.headers["x-api-key"] !== API_KEY) return send(res, 401, html("Unauthorized", "<p>no key</p>"));
          send(res, 200, html("Header area", `${thirdParty}<a href="/h/out">out</a>`));
        },
        "/h/out": (req, res) => (log(siteSeen)(req), send(res, 302, "", { location: `${thirdOrigin}/landing.html` })),
        "/c/": (req, res) => {
          log(siteSeen)(req);
          if (!(req.headers.cookie ?? "").includes(`pref=${COOKIE_VALUE}`)) return send(res, 403, html("Forbidden", "<p>no cookie</p>"));
          send(res, 200, html("Cookie area", `${thirdParty}<p>cookie ok</p>`));
        },
      },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await Promise.all([site?.close(), third?.close()]);
  });

  const loginPayload = (password: string, steps?: LoginPayload["steps"]) => ({
    kind: "login",
    login_url: "/login",
    steps: steps ?? [
      { action: "fill", selector: "#user", value: "{{username}}" },
      { action: "fill", selector: "#pw", value: "{{password}}" },
      { action: "click", selector: "#go" },
    ],
    success: { selector: "#account-ready" },
    secrets: { username: USERNAME, password },
  });

  async function scanWith(o: { name: string; payload: unknown; path: string; budget: number }) {
    const db = await getDb();
    const profile = await createAuthProfile(db, { name: o.name, origin: site.origin, payload: o.payload, createdBy: "test" });
    const jobId = newId("job");
    const scanId = newId("scan");
    await db.insert(jobs).values({ id: jobId, module: "sitelint", functionId: "sitelint/run-scan", input: {}, backend: "in-process", status: "running" });
    await db.insert(scans).values({ id: scanId, jobId, url: site.url(o.path), origin: site.origin, profile: "standard", viewportSet: "desktop", crawlBudget: o.budget, authProfileId: profile.id });
    const outcome = await crawlScan({ scanId, jobId, step: createMemoStep(db, jobId) }).then((s) => ({ ok: true as const, s }), (e: unknown) => ({ ok: false as const, e }));
    const pages = await db.select().from(scanPages).where(eq(scanPages.scanId, scanId));
    const found = await db.select().from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)));
    const steps = await db.select().from(jobSteps).where(eq(jobSteps.jobId, jobId));
    const [scan] = await db.select().from(scans).where(eq(scans.id, scanId));
    return { outcome, pages, found, steps, scan: scan!, byPath: Object.fromEntries(pages.map((p) => [new URL(p.url).pathname, p])) };
  }

  /** No secret in any stored row of the scan (pages, findings, memoized job steps, scan) nor in a screenshot's bytes. */
  async function expectNoLeak(r: Awaited<ReturnType<typeof scanWith>>, secrets: string[]) {
    const stored = JSON.stringify([r.pages, r.found, r.steps, r.scan]);
    for (const s of secrets) expect(stored, `secret ${s.slice(0, 6)}… stored`).not.toContain(s);
    const refs = [...new Set(r.pages.map((p) => p.screenshotRef).filter((x): x is string => !!x))];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const bytes = await getObjectStore().get(ref);
      expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
      for (const s of secrets) expect(bytes.includes(Buffer.from(s, "utf8")), `secret in ${ref}`).toBe(false);
    }
  }

  it("login: logs in once, audits the logged-in pages (status ok, their titles) and stores no secret anywhere", async () => {
    const postsBefore = site.requests.filter((x) => x.startsWith("POST /login")).length;
    const r = await scanWith({ name: "login ok", payload: loginPayload(PASSWORD), path: "/account", budget: 2 });
    expect(r.outcome.ok, JSON.stringify(r.pages.map((p) => [p.url, p.status, p.error]))).toBe(true);
    expect(r.byPath["/account"]).toMatchObject({ status: "ok", httpStatus: 200, title: "My account" });
    expect(r.byPath["/account/settings"]).toMatchObject({ status: "ok", httpStatus: 200, title: "Settings" });
    // One login for the whole scan: the page contexts reuse its storage state.
    expect(site.requests.filter((x) => x.startsWith("POST /login")).length - postsBefore).toBe(1);

    // The session token reached the page's evidence and diagnostics — as [REDACTED].
    const imageAlt = r.found.find((f) => f.ruleId === "image-alt" && f.pageUrl === site.url("/account"));
    expect(JSON.stringify(imageAlt?.evidence)).toContain(`token=${REDACTED}`);
    const diag = r.byPath["/account"]!.diagnostics as { console_errors: string[]; failed_requests: { url: string }[] };
    expect(diag.console_errors.join(" ")).toContain(`session ${REDACTED}`);
    expect(diag.failed_requests.map((f) => f.url)).toContain(site.url(`/missing.png?t=${REDACTED}`));
    await expectNoLeak(r, [USERNAME, PASSWORD, SESSION]);
    // The session cookie stayed on the site's host.
    expect(thirdSeen.some((s) => (s.headers.cookie ?? "").includes(SESSION))).toBe(false);
  });

  it("login with a wrong password fails every page with AUTH_LOGIN_FAILED naming the success check, without the secret", async () => {
    const r = await scanWith({ name: "login wrong", payload: loginPayload(`wrong-${hex()}`), path: "/account", budget: 2 });
    expect(r.outcome.ok).toBe(false);
    expect(r.outcome.ok === false && r.outcome.e).toMatchObject({ code: "UPSTREAM_ERROR" });
    expect(r.pages).toHaveLength(1);
    expect(r.byPath["/account"]).toMatchObject({ status: "failed", error: { code: "AUTH_LOGIN_FAILED", message: expect.stringMatching(/^Auth profile "login wrong": Login failed at success check/) } });
    expect(JSON.stringify(r.pages)).not.toContain("wrong-");
    expect(JSON.stringify([r.pages, r.steps])).not.toContain(USERNAME);
  });

  it("login: a step that cannot run is named (number, action, selector) in the error", async () => {
    const origin = site.origin;
    const payload = parseAuthPayload(loginPayload(PASSWORD, [{ action: "fill", selector: "#user", value: "{{username}}" }, { action: "fill", selector: "#nope", value: "{{password}}" }]), origin) as LoginPayload;
    const out = await withSharedBrowser((browser) => runLogin({ browser, origin, payload, net: { policy: getEnv().sitelintUrlPolicy }, timeoutMs: 1500, secrets: [USERNAME, PASSWORD] }));
    expect(out).toEqual({ ok: false, message: expect.stringMatching(/^Login failed at step 2 \(fill "#nope"\): /) });
    expect(JSON.stringify(out)).not.toContain(PASSWORD);
  });

  it("headers: sent to the site's origin only — not to a third-party subresource, not after a redirect to another origin", async () => {
    const seenBefore = thirdSeen.length;
    const r = await scanWith({ name: "headers", payload: { kind: "headers", headers: { "X-Api-Key": API_KEY } }, path: "/h/", budget: 2 });
    expect(r.outcome.ok, JSON.stringify(r.pages.map((p) => [p.url, p.status, p.error]))).toBe(true);
    // The page behind the header answered 200 with its own title: the header reached the origin.
    expect(r.byPath["/h/"]).toMatchObject({ status: "ok", httpStatus: 200, title: "Header area" });
    // (Link checks fetch same-origin links without the profile, so only "some" requests of a path carry it.)
    expect(siteSeen.some((s) => s.path === "/h/" && s.headers["x-api-key"] === API_KEY)).toBe(true);
    expect(siteSeen.some((s) => s.path === "/h/out" && s.headers["x-api-key"] === API_KEY)).toBe(true);
    // /h/out redirects to the third party: audited there, and neither that hop nor the pixel carried the header.
    expect(r.byPath["/h/out"]).toMatchObject({ status: "ok", title: "Elsewhere" });
    const thirdNow = thirdSeen.slice(seenBefore);
    expect(thirdNow.map((s) => s.path).sort()).toEqual(expect.arrayContaining(["/landing.html", "/pixel.png"]));
    for (const s of thirdNow) {
      expect(s.headers["x-api-key"], s.path).toBeUndefined();
      expect(JSON.stringify(s.headers)).not.toContain(API_KEY);
    }
    await expectNoLeak(r, [API_KEY]);
  });

  it("cookies: host-only cookies of the origin's host open the protected page and never reach the third party", async () => {
    const seenBefore = thirdSeen.length;
    const r = await scanWith({ name: "cookies", payload: { kind: "cookies", cookies: [{ name: "pref", value: COOKIE_VALUE, httpOnly: true }] }, path: "/c/", budget: 1 });
    expect(r.outcome.ok, JSON.stringify(r.pages.map((p) => [p.url, p.status, p.error]))).toBe(true);
    expect(r.byPath["/c/"]).toMatchObject({ status: "ok", httpStatus: 200, title: "Cookie area" });
    const thirdNow = thirdSeen.slice(seenBefore);
    expect(thirdNow.some((s) => s.path === "/pixel.png")).toBe(true);
    expect(thirdNow.some((s) => JSON.stringify(s.headers).includes(COOKIE_VALUE))).toBe(false);
    await expectNoLeak(r, [COOKIE_VALUE]);
  });
});
