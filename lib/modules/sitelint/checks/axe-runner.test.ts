import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { AxeResults } from "axe-core";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, findChromium } from "@/lib/browser/chromium";
import { corpusDir } from "@/e2e/support/corpus";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { AXE_RUN_OPTIONS, axeSource } from "./accessibility";
import { FRAME_INJECT_TIMEOUT_MS, runAxe } from "./axe-runner";

const chromiumPath = findChromium();
const corpus = corpusDir();

/** What a report says, order-free: rule id → sorted node targets, per result type. */
const digest = (r: AxeResults) =>
  Object.fromEntries(
    (["violations", "incomplete"] as const).map((type) => [
      type,
      Object.fromEntries(r[type].map((rule) => [rule.id, rule.nodes.map((n) => JSON.stringify(n.target)).sort()]).sort(([a], [b]) => String(a).localeCompare(String(b)))),
    ]),
  );

const FRAME_BODY = "<!doctype html><html lang='en'><title>frame</title><img src='/x.png'><button></button></html>";

describe.skipIf(!chromiumPath)("runAxe (real Chromium)", () => {
  let browser: Browser;
  let site: StaticServer;
  let other: StaticServer;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS] });
    other = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/frame.html": { body: FRAME_BODY, headers: { "content-type": "text/html" } },
        // A cross-site frame (another renderer) whose main thread never yields: injecting axe there cannot finish.
        "/busy.html": { body: "<!doctype html><title>busy</title><script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 200))</script>", headers: { "content-type": "text/html" } },
      },
    });
    const otherPort = new URL(other.origin).port;
    site = await startStaticServer({
      root: os.tmpdir(),
      routes: {
        "/frames.html": {
          headers: { "content-type": "text/html" },
          body: `<!doctype html><html><title>Frames</title><img src="/a.png">
            <iframe src="/inner.html"></iframe>
            <iframe title="cross-site" src="http://localhost:${otherPort}/frame.html"></iframe></html>`,
        },
        "/inner.html": { body: FRAME_BODY.replace("<img", "<input type='text'><img"), headers: { "content-type": "text/html" } },
        // A page that defines its own `axe` and an AMD loader: neither may change what is reported.
        "/hostile.html": {
          headers: { "content-type": "text/html" },
          body: `<!doctype html><html><title>Hostile</title><script>
            window.axe = { runPartial: () => Promise.resolve({}), utils: { getFrameContexts: () => [] } };
            window.define = () => { throw new Error("no AMD here"); }; window.define.amd = true;
          </script><img src="/a.png"></html>`,
        },
        "/busy-frame.html": {
          headers: { "content-type": "text/html" },
          body: `<!doctype html><html lang="en"><title>Busy frame</title><img src="/a.png"><iframe title="busy" src="http://localhost:${otherPort}/busy.html"></iframe></html>`,
        },
      },
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await other?.close();
  });

  const withPage = async <T>(url: string, fn: (page: import("playwright-core").Page) => Promise<T>): Promise<T> => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      return await fn(page);
    } finally {
      await context.close();
    }
  };

  it("reports what @axe-core/playwright's AxeBuilder reports, frames included (same-origin and cross-site)", async () => {
    const pages = [site.url("/frames.html"), site.url("/hostile.html")];
    if (corpus) {
      const lh = await startStaticServer({ root: path.join(corpus, "sites/lighthouse") });
      try {
        for (const p of ["/a11y/a11y_tester.html", "/seo/seo-failure-cases.html"].filter((f) => fs.existsSync(path.join(corpus, "sites/lighthouse", f)))) {
          pages.push(lh.url(p));
        }
        await comparePages(pages);
      } finally {
        await lh.close();
      }
    } else {
      await comparePages(pages);
    }
  }, 120_000);

  async function comparePages(urls: string[]) {
    for (const url of urls) {
      const ours = await withPage(url, (page) => runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() }));
      const theirs = await withPage(url, (page) => new AxeBuilder({ page, axeSource: axeSource() }).options(structuredClone(AXE_RUN_OPTIONS)).analyze());
      expect(digest(ours), url).toEqual(digest(theirs));
      expect(ours.violations.length, url).toBeGreaterThan(0);
    }
  }

  it("tests the frames: each frame's image without alt is reported with its frame in the target", async () => {
    const r = await withPage(site.url("/frames.html"), (page) => runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() }));
    const imageAlt = r.violations.find((v) => v.id === "image-alt")!;
    const targets = imageAlt.nodes.map((n) => n.target);
    expect(targets).toContainEqual(["img"]);
    expect(targets).toContainEqual(["iframe[src$=\"inner.html\"]", "img"]);
    expect(targets.some((t) => t.length === 2 && String(t[0]).includes("cross-site"))).toBe(true);
    expect(r.violations.map((v) => v.id)).toEqual(expect.arrayContaining(["button-name", "label"]));
  });

  it("a page's own window.axe and throwing AMD define change nothing", async () => {
    const r = await withPage(site.url("/hostile.html"), (page) => runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() }));
    expect(r.violations.map((v) => v.id)).toEqual(expect.arrayContaining(["image-alt", "html-has-lang"]));
  });

  it("a frame that cannot be injected is left out after the injection timeout, and the rest is still reported", async () => {
    const t0 = performance.now();
    const r = await withPage(site.url("/busy-frame.html"), async (page) => {
      await page.waitForTimeout(400); // the frame's loop has started
      return runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() });
    });
    // The busy frame was waited for (the injection timeout elapsed), then left out.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(FRAME_INJECT_TIMEOUT_MS);
    expect(r.violations.find((v) => v.id === "image-alt")?.nodes.map((n) => n.target)).toEqual([["img"]]);
  }, 60_000);

  it("a page that answers runPartial itself cannot reach object prototypes, and a malformed answer fails the check", async () => {
    const polluting = `window.axe.runPartial = async () => JSON.parse('{"results":[{"id":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}],"frames":[],"__proto__":{"polluted":true}}');`;
    await withPage(site.url("/hostile.html"), async (page) => {
      await page.evaluate(axeSource());
      // runAxe injects axe again, so the override goes in through the source it injects.
      await runAxe(page, AXE_RUN_OPTIONS, { axeSource: `${axeSource()}\n${polluting}` }).catch(() => undefined);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const malformed = `window.axe.runPartial = async () => ({ results: "not a list" });`;
    await expect(withPage(site.url("/hostile.html"), (page) => runAxe(page, AXE_RUN_OPTIONS, { axeSource: `${axeSource()}\n${malformed}` }))).rejects.toThrow(/malformed/);
  });

  it("reports in parallel from several pages at once (results do not mix)", async () => {
    const results = await Promise.all([site.url("/frames.html"), site.url("/hostile.html"), site.url("/frames.html")].map((u) => withPage(u, (page) => runAxe(page, AXE_RUN_OPTIONS, { axeSource: axeSource() }))));
    expect(digest(results[0]!)).toEqual(digest(results[2]!));
    expect(results[1]!.violations.find((v) => v.id === "image-alt")!.nodes).toHaveLength(1);
    expect(results[0]!.violations.find((v) => v.id === "image-alt")!.nodes.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe("axeSource", () => {
  it("is axe-core's minified build of the version this process loads, wrapped against AMD/CommonJS globals", async () => {
    const { default: axe } = await import("axe-core");
    const src = axeSource();
    expect(src.length).toBeLessThan(axe.source.length * 0.6);
    expect(src).toContain(`"${axe.version}"`);
    expect(src.startsWith("(function (define, module, exports) {")).toBe(true);
  });
});
