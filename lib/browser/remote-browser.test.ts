import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { resetEnvForTests } from "@/lib/env";
import { auditPage } from "@/lib/modules/sitelint/audit-page";
import { closeSharedBrowser, withSharedBrowser } from "@/lib/modules/sitelint/shared-browser";
import { createLocalObjectStore } from "@/lib/object-store/local";
import { CHROMIUM_ARGS, findChromium, launchBrowser } from "./chromium";
import { assertReachesLoopbackProxy, describeEndpoint } from "./remote-browser";

const VARS = ["CHROMIUM_WS_ENDPOINT", "CHROMIUM_WS_SHARED_LOOPBACK"] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
function setEnv(vars: Partial<Record<(typeof VARS)[number], string>>): void {
  for (const k of VARS) {
    if (vars[k] === undefined) delete process.env[k];
    else process.env[k] = vars[k];
  }
  resetEnvForTests();
}

/** A Chromium of our own with a DevTools endpoint on a random port, standing in for a remote browser service. */
async function startCdpChromium(args: readonly string[]): Promise<{ endpoint: string; proc: ChildProcess; stop(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "oa-cdp-"));
  const proc = spawn(findChromium()!, ["--headless=new", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", `--user-data-dir=${profile}`, ...args, "about:blank"], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint after 20 s:\n${err}`)), 20_000);
    proc.stderr!.on("data", (d) => {
      err += String(d);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once("exit", (code) => reject(new Error(`chromium exited with ${code}:\n${err}`)));
  });
  return {
    endpoint,
    proc,
    stop: async () => {
      // SIGTERM lets Chromium take its child processes down with it (a SIGKILL leaves them writing to the profile).
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        // The whole process group (detached above): Chromium's zygote and renderers too.
        process.kill(-proc.pid!, "SIGTERM");
        const timer = setTimeout(() => process.kill(-proc.pid!, "SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      try {
        process.kill(-proc.pid!, "SIGKILL"); // stragglers of the group, if any
      } catch {
        // the group is gone
      }
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

afterEach(() => setEnv(saved));

describe("CHROMIUM_WS_ENDPOINT without the loopback opt-in", () => {
  it("refuses to hand out a browser, naming the opt-in and hiding the endpoint's token", async () => {
    setEnv({ CHROMIUM_WS_ENDPOINT: "wss://browser.example:3000/chromium?token=s3cret" });
    expect(findChromium()).toBe("wss://browser.example:3000/chromium");
    const e = await launchBrowser().then(() => null, (x: unknown) => x as Error & { code: string });
    expect(e).toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("CHROMIUM_WS_SHARED_LOOPBACK=true") });
    expect(e!.message).not.toContain("s3cret");
  });

  it("describes endpoints without credentials or query", () => {
    expect(describeEndpoint("ws://user:pw@10.0.0.5:9222/devtools/browser/abc?x=1")).toBe("ws://10.0.0.5:9222/devtools/browser/abc");
  });
});

describe("assertReachesLoopbackProxy", () => {
  it("refuses a browser whose contexts do not come back through the loopback probe proxy", async () => {
    // A browser on another host: its 127.0.0.1 is not ours, so the proxy connection fails.
    const page = { goto: async () => Promise.reject(new Error("page.goto: net::ERR_PROXY_CONNECTION_FAILED at http://omniaudit-proxy-probe.invalid/x\nCall log: …")) };
    const browser = { newContext: async () => ({ newPage: async () => page, close: async () => undefined }) } as unknown as Browser;
    await expect(assertReachesLoopbackProxy(browser)).rejects.toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/cannot reach this server's 127\.0\.0\.1.*ERR_PROXY_CONNECTION_FAILED/),
    });
  });
});

describe.skipIf(!findChromium())("CHROMIUM_WS_ENDPOINT with a Chromium over CDP (real browser)", () => {
  let remote: Awaited<ReturnType<typeof startCdpChromium>>;
  let site: StaticServer;
  let other: StaticServer;
  beforeAll(async () => {
    remote = await startCdpChromium(CHROMIUM_ARGS);
    other = await startStaticServer({ root: os.tmpdir(), routes: { "/private.png": { body: "not for you" } } });
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: { "/": { body: `<!doctype html><html lang="en"><title>Remote</title><h1>Remote</h1><img src="${other.origin}/private.png" alt="x">`, headers: { "content-type": "text/html" } } },
    });
  });
  afterAll(async () => {
    await closeSharedBrowser();
    await Promise.all([remote?.stop(), site?.close(), other?.close()]);
  });

  it("audits a page through the remote browser with the per-context policy proxy still enforced", async () => {
    setEnv({ CHROMIUM_WS_ENDPOINT: remote.endpoint, CHROMIUM_WS_SHARED_LOOPBACK: "true" });
    const store = createLocalObjectStore(fs.mkdtempSync(path.join(os.tmpdir(), "oa-remote-store-")));
    const policy = { allowlist: ["127.0.0.1"], denylist: [`127.0.0.1:${new URL(other.origin).port}`] };
    const r = await withSharedBrowser((browser) => auditPage({ browser, url: site.url("/"), viewport: "desktop", profile: "quick", objectStore: store, net: { policy }, timeoutMs: 15_000 }));
    expect(r).toMatchObject({ status: "ok", httpStatus: 200 });
    // The denied server was never contacted: the image request was refused by our proxy, not made by the browser.
    expect(r.diagnostics.policyRefusals?.total).toBeGreaterThan(0);
    expect(other.requests).toEqual([]);
    expect(site.requests).toContain("GET /");
    await closeSharedBrowser();
    expect(remote.proc.exitCode).toBeNull(); // closing disconnects; the remote browser keeps running
  });

  it("refuses a remote browser started without the flags a context cannot set", async () => {
    const bare = await startCdpChromium(["--no-sandbox", "--disable-gpu", "--enable-automation"]);
    try {
      setEnv({ CHROMIUM_WS_ENDPOINT: bare.endpoint, CHROMIUM_WS_SHARED_LOOPBACK: "true" });
      await expect(launchBrowser()).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("--disable-quic --webrtc-ip-handling-policy=disable_non_proxied_udp") });
    } finally {
      await bare.stop();
    }
  });

  it("fails with UNAVAILABLE naming the endpoint when nothing listens there", async () => {
    setEnv({ CHROMIUM_WS_ENDPOINT: "http://127.0.0.1:9/", CHROMIUM_WS_SHARED_LOOPBACK: "true" });
    await expect(launchBrowser()).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("Cannot connect to the remote browser at http://127.0.0.1:9/") });
  });
});
