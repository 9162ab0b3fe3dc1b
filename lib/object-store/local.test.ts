import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalObjectStore } from "./local";

describe("local object store", () => {
  it("is content-addressed and immutable: same bytes, same ref", async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), "oa-objects-"));
    const store = createLocalObjectStore(root);
    const a = await store.put(new TextEncoder().encode("hello"));
    const b = await store.put(new TextEncoder().encode("hello"));
    expect(a.ref).toBe("sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(b.ref).toBe(a.ref);
    expect(a.size).toBe(5);
    expect((await store.get(a.ref)).toString()).toBe("hello");
    expect(await store.has(a.ref)).toBe(true);
    await store.delete(a.ref);
    expect(await store.has(a.ref)).toBe(false);
    await expect(store.get(a.ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(store.get("../../etc/passwd")).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
  });
});
