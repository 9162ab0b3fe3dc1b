import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createLocalObjectStore } from "./local";
import { lazyObjectStore } from "./lazy";
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
});
