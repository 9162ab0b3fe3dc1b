import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createLocalObjectStore } from "./local";
import { createDualReadObjectStore } from "./dual-read";
import { deferredReadStream, lazyObjectStore } from "./lazy";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";

describe("lazyObjectStore", () => {
  it("loads the store once, on first use, and forwards every method to it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-store-"));
    let loads = 0;
    const store = lazyObjectStore("local", async () => (loads++, createLocalObjectStore(dir)));
    expect(loads).toBe(0);
    const { ref, created } = await store.put(Buffer.from("hello"));
    expect(created).toBe(true);
    expect((await store.get(ref)).toString()).toBe("hello");
    expect(await text(store.openRead(ref))).toBe("hello");
    expect(await store.has(ref)).toBe(true);
    expect(await store.presignGet(ref, 60)).toBeNull();
    await store.delete(ref);
    expect(await store.has(ref)).toBe(false);
    expect(loads).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps openRead's contract: malformed refs throw at once, a missing object errors the stream", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-store-"));
    const store = lazyObjectStore("local", async () => createLocalObjectStore(dir));
    expect(() => store.openRead("../etc/passwd")).toThrow(AppError);
    const missing = store.openRead(`sha256/${"0".repeat(64)}`);
    await expect(text(missing)).rejects.toMatchObject({ code: "NOT_FOUND" });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("retries a failed load on the next call and reports the failure to the caller", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-store-"));
    let attempts = 0;
    const store = lazyObjectStore("s3", async () => {
      if (++attempts === 1) throw new AppError("UPSTREAM_ERROR", "first load fails");
      return createLocalObjectStore(dir);
    });
    await expect(store.put(Buffer.from("x"))).rejects.toMatchObject({ code: "UPSTREAM_ERROR" });
    await expect(text(store.openRead(`sha256/${"1".repeat(64)}`))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(attempts).toBe(2);
    expect(store.kind).toBe("s3");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("deferredReadStream: carries the opened stream, or the open's failure; dual-read falls back through it", async () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-store-"));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-store-"));
    const here = createLocalObjectStore(a);
    const there = createLocalObjectStore(b);
    const { ref } = await there.put(Buffer.from("only in the second store"));
    const dual = createDualReadObjectStore({ s3: lazyObjectStore("s3", async () => there), local: here });
    expect(await text(dual.openRead(ref))).toBe("only in the second store");
    await expect(text(deferredReadStream(async () => Promise.reject(new AppError("UPSTREAM_ERROR", "down"))))).rejects.toMatchObject({ code: "UPSTREAM_ERROR" });
    let opened = false;
    const early = deferredReadStream(async () => ((opened = true), here.openRead(ref)));
    (early as unknown as { destroy(): void }).destroy();
    await new Promise((r) => setTimeout(r, 20));
    expect(opened).toBe(false);
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  });
});
