import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "@/drizzle/schema";
import { sha256Hex } from "@/lib/crypto/hash";
import { getDb } from "@/lib/db/client";
import { createApiKey } from "./create-api-key";
import { listApiKeys } from "./queries";
import { revokeApiKey } from "./revoke-api-key";
import { verifyApiKey } from "./verify-api-key";

describe("API keys", () => {
  it("create → verify → revoke → verify null", async () => {
    const db = await getDb();
    const { id, key } = await createApiKey(db, { name: "laptop", owner: "alice", scope: "mcp", createdBy: "admin" });
    expect(key).toMatch(/^oa_[A-Za-z0-9_-]{43}$/);
    expect(id).toMatch(/^key_[0-9a-f]{28}$/);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row).toMatchObject({ keyHash: sha256Hex(key), prefix: key.slice(0, 10), owner: "alice", scope: "mcp", createdBy: "admin", revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key);

    expect((await verifyApiKey(db, key, "mcp"))?.id).toBe(id);
    expect(await revokeApiKey(db, id)).toBe(true);
    expect(await revokeApiKey(db, id)).toBe(false);
    expect(await verifyApiKey(db, key, "mcp")).toBeNull();
  });

  it("refuses a key of another scope, an unknown key and malformed input", async () => {
    const db = await getDb();
    const { key } = await createApiKey(db, { name: "ops", owner: "bob", scope: "operator", createdBy: "admin" });
    expect(await verifyApiKey(db, key, "mcp")).toBeNull();
    expect((await verifyApiKey(db, key, "operator"))?.owner).toBe("bob");
    const other = `oa_${"A".repeat(43)}`;
    expect(await verifyApiKey(db, other, "operator")).toBeNull();
    expect(await verifyApiKey(db, key.slice(0, -1), "operator")).toBeNull();
    expect(await verifyApiKey(db, `${key} `, "operator")).toBeNull();
    expect(await verifyApiKey(db, "", "operator")).toBeNull();
  });

  it("records last use at most once a minute", async () => {
    const db = await getDb();
    const { id, key } = await createApiKey(db, { name: "ci", owner: "ci", scope: "mcp", createdBy: "admin" });
    const lastUsed = async () => (await db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await verifyApiKey(db, key, "mcp");
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await verifyApiKey(db, key, "mcp");
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    await db.update(apiKeys).set({ lastUsedAt: new Date(Date.now() - 120_000) }).where(eq(apiKeys.id, id));
    await verifyApiKey(db, key, "mcp");
    expect((await lastUsed())!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("lists keys newest first without their hashes", async () => {
    const db = await getDb();
    await createApiKey(db, { name: "newest", owner: "carol", scope: "mcp", createdBy: "admin" });
    const list = await listApiKeys(db);
    expect(list[0]!.name).toBe("newest");
    for (const k of list) expect(k).not.toHaveProperty("keyHash");
  });
});
