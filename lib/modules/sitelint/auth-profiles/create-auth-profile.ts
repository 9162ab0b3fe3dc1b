import "server-only";
import { randomBytes } from "node:crypto";
import { sitelintAuthProfiles } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { storeSecret } from "@/lib/secrets/store-secret";
import { normalizeProfileOrigin, parseAuthPayload } from "./payload";
import { AUTH_PROFILE_SECRET_KIND, authProfileSecretName } from "./secret-name";

/** `authp_<ms hex><random hex>`: the shape of lib/ids.ts ids (sortable by creation time), with this table's prefix. */
const newProfileId = () => `authp_${Date.now().toString(16).padStart(12, "0")}${randomBytes(8).toString("hex")}`;

export type CreateAuthProfileInput = {
  /** Unique, 1–100 characters. */
  name: string;
  /** The only origin the profile is ever used on (normalised here). */
  origin: string;
  /** The secret payload (validated with `parseAuthPayload`); stored encrypted, never returned. */
  payload: unknown;
  /** Operator who created it. */
  createdBy: string;
};

/**
 * Validate and store an auth profile: its payload encrypted in `secret_credentials` (AES-256-GCM, AAD = the secret
 * row's identity, name `sitelint_auth_profile:<id>`), its metadata in `sitelint_auth_profiles`, in one transaction.
 * @returns the new profile's id, normalised origin and kind.
 * @throws AppError `VALIDATION_ERROR` for a bad name, origin or payload (messages never contain a secret value);
 *   `CONFLICT` when a profile of that name exists (nothing is stored then).
 */
export async function createAuthProfile(db: Db, input: CreateAuthProfileInput): Promise<{ id: string; origin: string; kind: string }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw new AppError("VALIDATION_ERROR", "Name: 1 to 100 characters.", { field: "name" });
  const origin = normalizeProfileOrigin(input.origin);
  const payload = parseAuthPayload(input.payload, origin);
  const id = newProfileId();
  await db.transaction(async (tx) => {
    const secret = await storeSecret(tx, { name: authProfileSecretName(id), kind: AUTH_PROFILE_SECRET_KIND, plaintext: JSON.stringify(payload) });
    const inserted = await tx
      .insert(sitelintAuthProfiles)
      .values({ id, name, origin, kind: payload.kind, secretId: secret.id, createdBy: input.createdBy })
      .onConflictDoNothing({ target: sitelintAuthProfiles.name })
      .returning({ id: sitelintAuthProfiles.id });
    if (!inserted.length) throw new AppError("CONFLICT", `An auth profile named "${name}" already exists; delete it first or pick another name.`, { field: "name" });
  });
  return { id, origin, kind: payload.kind };
}
