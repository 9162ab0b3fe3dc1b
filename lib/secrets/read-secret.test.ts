import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { secretCredentials } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { readSecret } from "./read-secret";
import { storeSecret } from "./store-secret";

const INTERNAL = { name: "AppError", code: "INTERNAL" };

function flip(b64: string): string {
  const buf = Buffer.from(b64, "base64");
  buf[0]! ^= 0x80;
  return buf.toString("base64");
}

describe("readSecret", () => {
  it("returns null for an unknown name and the plaintext for a stored one", async () => {
    const db = await getDb();
    expect(await readSecret(db, "nope")).toBeNull();
    await storeSecret(db, { name: "plain", kind: "test", plaintext: "héllo ✓" });
    expect(await readSecret(db, "plain")).toBe("héllo ✓");
  });

  it.each([
    ["ciphertext", "ciphertext"],
    ["IV", "iv"],
    ["tag", "authTag"],
  ] as const)("fails loudly when the stored %s was tampered with", async (_label, column) => {
    const db = await getDb();
    const { id } = await storeSecret(db, { name: `tamper-${column}`, kind: "test", plaintext: "secret value" });
    const [row] = await db.select().from(secretCredentials).where(eq(secretCredentials.id, id));
    await db.update(secretCredentials).set({ [column]: flip(row![column]) }).where(eq(secretCredentials.id, id));
    await expect(readSecret(db, `tamper-${column}`)).rejects.toMatchObject({ ...INTERNAL, message: expect.stringMatching(/authentication failed/) });
  });

  it("refuses a ciphertext copied into another row", async () => {
    const db = await getDb();
    const a = await storeSecret(db, { name: "row-a", kind: "test", plaintext: "secret of a" });
    await storeSecret(db, { name: "row-b", kind: "test", plaintext: "secret of b" });
    const [src] = await db.select().from(secretCredentials).where(eq(secretCredentials.id, a.id));
    await db
      .update(secretCredentials)
      .set({ ciphertext: src!.ciphertext, iv: src!.iv, authTag: src!.authTag, keyVersion: src!.keyVersion })
      .where(eq(secretCredentials.name, "row-b"));
    await expect(readSecret(db, "row-b")).rejects.toMatchObject({ ...INTERNAL, message: expect.stringMatching(/secret_credentials\/.*\/row-b: authentication failed/) });
    expect(await readSecret(db, "row-a")).toBe("secret of a");
  });

  it("names an unknown key version, and a wrong key, explicitly", async () => {
    const db = await getDb();
    const { id } = await storeSecret(db, { name: "versioned", kind: "test", plaintext: "v" });
    await db.update(secretCredentials).set({ keyVersion: 42 }).where(eq(secretCredentials.id, id));
    await expect(readSecret(db, "versioned")).rejects.toMatchObject({ ...INTERNAL, message: expect.stringMatching(/key version 42 is not in SECRETS_KEYS/) });

    await db.update(secretCredentials).set({ keyVersion: 1 }).where(eq(secretCredentials.id, id));
    process.env.SECRETS_KEYS = `1:${Buffer.alloc(32, 7).toString("base64")}`;
    resetEnvForTests();
    try {
      await expect(readSecret(db, "versioned")).rejects.toMatchObject({ ...INTERNAL, message: expect.stringMatching(/wrong key for version 1/) });
    } finally {
      delete process.env.SECRETS_KEYS;
      resetEnvForTests();
    }
  });
});
