import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { secretCredentials, sitelintAuthProfiles } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { createAuthProfile } from "./create-auth-profile";
import { deleteAuthProfile } from "./delete-auth-profile";
import { getAuthProfileInfo, listAuthProfiles } from "./queries";
import { readAuthProfile } from "./read-auth-profile";

const PAYLOAD = { kind: "headers", headers: { Authorization: "Bearer tok_store_round_trip_0001" } };

describe("auth profile store (PGlite)", () => {
  it("stores the payload encrypted, lists metadata only, decrypts it back and deletes profile and secret together", async () => {
    const db = await getDb();
    const created = await createAuthProfile(db, { name: " staging api ", origin: "HTTPS://Staging.Example.com/any/path", payload: PAYLOAD, createdBy: "admin" });
    expect(created).toEqual({ id: expect.stringMatching(/^authp_[0-9a-f]{28}$/), origin: "https://staging.example.com", kind: "headers" });

    const [row] = await db.select().from(sitelintAuthProfiles).where(eq(sitelintAuthProfiles.id, created.id));
    expect(row).toMatchObject({ name: "staging api", origin: "https://staging.example.com", kind: "headers", createdBy: "admin" });
    const [secret] = await db.select().from(secretCredentials).where(eq(secretCredentials.id, row!.secretId));
    expect(secret).toMatchObject({ name: `sitelint_auth_profile:${created.id}`, kind: "sitelint_auth_profile" });
    expect(JSON.stringify([row, secret])).not.toContain("tok_store_round_trip_0001");

    const listed = await listAuthProfiles(db);
    expect(listed.find((p) => p.id === created.id)).toEqual({ id: created.id, name: "staging api", origin: "https://staging.example.com", kind: "headers", createdBy: "admin", createdAt: expect.any(Date) });
    expect(JSON.stringify(listed)).not.toContain("tok_store");
    expect(await listAuthProfiles(db, { origin: "https://other.example.com" })).toEqual([]);

    expect(await readAuthProfile(db, created.id)).toEqual({ id: created.id, name: "staging api", origin: "https://staging.example.com", payload: PAYLOAD });

    expect(await deleteAuthProfile(db, created.id)).toEqual({ name: "staging api" });
    expect(await getAuthProfileInfo(db, created.id)).toBeUndefined();
    expect(await db.select().from(secretCredentials).where(eq(secretCredentials.id, row!.secretId))).toEqual([]);
    expect(await readAuthProfile(db, created.id)).toBeNull();
    expect(await deleteAuthProfile(db, created.id)).toBeNull();
  });

  it("refuses a duplicate name with CONFLICT and leaves no orphan secret", async () => {
    const db = await getDb();
    await createAuthProfile(db, { name: "dup", origin: "https://a.example.com", payload: PAYLOAD, createdBy: "admin" });
    const before = (await db.select().from(secretCredentials)).length;
    await expect(createAuthProfile(db, { name: "dup", origin: "https://b.example.com", payload: PAYLOAD, createdBy: "admin" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.select().from(secretCredentials)).length).toBe(before);
  });

  it("refuses an invalid payload before storing anything, and a tampered secret fails loudly on read", async () => {
    const db = await getDb();
    const before = (await db.select().from(secretCredentials)).length;
    await expect(createAuthProfile(db, { name: "bad", origin: "https://a.example.com", payload: { kind: "headers", headers: { Host: "x" } }, createdBy: "admin" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    expect((await db.select().from(secretCredentials)).length).toBe(before);

    const { id } = await createAuthProfile(db, { name: "tamper", origin: "https://a.example.com", payload: PAYLOAD, createdBy: "admin" });
    const [row] = await db.select().from(sitelintAuthProfiles).where(eq(sitelintAuthProfiles.id, id));
    const [other] = await db.select().from(secretCredentials).where(eq(secretCredentials.name, `sitelint_auth_profile:${(await listAuthProfiles(db)).find((p) => p.name === "dup")!.id}`));
    // A ciphertext moved from another profile's row does not decrypt (AAD = row identity).
    await db.update(secretCredentials).set({ ciphertext: other!.ciphertext, iv: other!.iv, authTag: other!.authTag }).where(eq(secretCredentials.id, row!.secretId));
    await expect(readAuthProfile(db, id)).rejects.toMatchObject({ code: "INTERNAL", message: expect.stringMatching(/authentication failed/) });
  });
});
