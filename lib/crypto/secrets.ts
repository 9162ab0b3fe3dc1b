import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { localSecret } from "@/lib/crypto/local-secret";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * AES-256-GCM (NIST SP 800-38D) for `secret_credentials`: a random 96-bit IV per encryption, the full 128-bit tag, and
 * associated data binding each ciphertext to its row, so a ciphertext copied to another row does not decrypt.
 * Keys: `SECRETS_KEYS` = `version:base64` (32-byte keys); the highest version encrypts, every listed version decrypts
 * (rotation: add a higher version, re-store secrets, then drop the old one). Unset → one key generated in
 * `$DATA_DIR/keys/secrets-key` as version 1.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** An encrypted value as stored: base64 fields and the key version that encrypted it. */
export type SealedSecret = { ciphertext: string; iv: string; authTag: string; keyVersion: number };

/** Associated data for a `secret_credentials` row: `secret_credentials/<id>/<name>`. */
export function secretAad(id: string, name: string): string {
  return `secret_credentials/${id}/${name}`;
}

/** The configured keys by version (`SECRETS_KEYS`, validated at boot by lib/env.ts), else the generated version 1. */
export function secretKeyring(): Map<number, Buffer> {
  const entries = getEnv().SECRETS_KEYS;
  if (entries.length > 0) return new Map(entries.map((k) => [k.version, k.key]));
  const key = Buffer.from(localSecret("secrets-key", KEY_BYTES), "base64url");
  if (key.length !== KEY_BYTES) throw new AppError("INTERNAL", `$DATA_DIR/keys/secrets-key must hold ${KEY_BYTES} bytes (base64url).`);
  return new Map([[1, key]]);
}

/** Encrypt `plaintext` (UTF-8) with the newest key, bound to `aad`. */
export function encryptSecret(plaintext: string, aad: string): SealedSecret {
  const ring = secretKeyring();
  const keyVersion = Math.max(...ring.keys());
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.get(keyVersion)!, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { ciphertext: ciphertext.toString("base64"), iv: iv.toString("base64"), authTag: cipher.getAuthTag().toString("base64"), keyVersion };
}

/**
 * Decrypt a {@link SealedSecret} bound to `aad`.
 * @throws AppError `INTERNAL` with a message saying why: unknown key version, malformed IV/tag, or failed authentication
 * (tampered ciphertext, IV or tag, a ciphertext from another row, or a different key under the same version). Never
 * returns partial or empty output for a bad input.
 */
export function decryptSecret(sealed: SealedSecret, aad: string): string {
  const ring = secretKeyring();
  const key = ring.get(sealed.keyVersion);
  if (!key) {
    throw new AppError("INTERNAL", `Cannot decrypt ${aad}: key version ${sealed.keyVersion} is not in SECRETS_KEYS (known: ${[...ring.keys()].join(", ")}).`);
  }
  const iv = Buffer.from(sealed.iv, "base64");
  const tag = Buffer.from(sealed.authTag, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new AppError("INTERNAL", `Cannot decrypt ${aad}: the stored IV must be ${IV_BYTES} bytes and the tag ${TAG_BYTES} bytes (got ${iv.length} and ${tag.length}).`);
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError(
      "INTERNAL",
      `Cannot decrypt ${aad}: authentication failed (tampered ciphertext, IV or tag, a ciphertext moved from another row, or the wrong key for version ${sealed.keyVersion}).`,
    );
  }
}
