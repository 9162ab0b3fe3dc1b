import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { secretCredentials } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { readSecret } from "./read-secret";
import { storeSecret } from "./store-secret";

describe("storeSecret", () => {
  it("stores only ciphertext and upserts by name, keeping the row id", async () => {
    const db = await getDb();
    const first = await storeSecret(db, { name: "github:acme", kind: "github_token", plaintext: "ghp_first_value" });
    expect(first).toEqual({ id: expect.stringMatching(/^sec_/), keyVersion: 1 });
    const [row] = await db.select().from(secretCredentials).where(eq(secretCredentials.id, first.id));
    expect(JSON.stringify(row)).not.toContain("ghp_first_value");
    expect(row).toMatchObject({ name: "github:acme", kind: "github_token", keyVersion: 1 });

    const second = await storeSecret(db, { name: "github:acme", kind: "github_app_token", plaintext: "ghs_second_value" });
    expect(second.id).toBe(first.id);
    const rows = await db.select().from(secretCredentials).where(eq(secretCredentials.name, "github:acme"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe("github_app_token");
    expect(await readSecret(db, "github:acme")).toBe("ghs_second_value");
  });

  it("survives concurrent first stores of one name (one row, a value that decrypts)", async () => {
    const db = await getDb();
    await Promise.all(["a", "b", "c"].map((v) => storeSecret(db, { name: "race", kind: "test", plaintext: `value-${v}` })));
    expect(await db.select().from(secretCredentials).where(eq(secretCredentials.name, "race"))).toHaveLength(1);
    expect(await readSecret(db, "race")).toMatch(/^value-[abc]$/);
  });
});
