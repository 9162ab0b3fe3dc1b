import { afterAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { findChromium } from "@/lib/browser/chromium";
import { closeSharedBrowser, withSharedBrowser } from "./shared-browser";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!findChromium())("withSharedBrowser (real Chromium)", () => {
  afterAll(() => closeSharedBrowser());

  it("shares one browser between concurrent callers", async () => {
    const seen: Browser[] = [];
    await Promise.all([1, 2, 3].map(() => withSharedBrowser(async (b) => void seen.push(b))));
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]?.isConnected()).toBe(true);
  });

  it("relaunches after the browser dies", async () => {
    const first = await withSharedBrowser(async (b) => b);
    await first.close(); // stands in for a crash: the "disconnected" event fires either way
    const second = await withSharedBrowser(async (b) => b);
    expect(second).not.toBe(first);
    expect(second.isConnected()).toBe(true);
  });

  it("closes the browser once idle, and stays up while in use", async () => {
    const b = await withSharedBrowser(async (b) => b, { idleMs: 150 });
    await withSharedBrowser(async (again) => {
      expect(again).toBe(b);
      await sleep(300); // in use: the idle timer was cancelled
      expect(b.isConnected()).toBe(true);
    }, { idleMs: 150 });
    await sleep(600);
    expect(b.isConnected()).toBe(false);
    const fresh = await withSharedBrowser(async (x) => x);
    expect(fresh).not.toBe(b);
  });
});
