import { localSecret } from "@/lib/crypto/local-secret";
import { getEnv } from "@/lib/env";

export type SigningKey = { kid: string; secret: Buffer };

/**
 * Confirmation-token HMAC keys: `CONFIRMATION_KEYS` (`kid:secret,…`, the first signs, all verify — rotation keeps a
 * previous key valid), else one key generated in `$DATA_DIR/keys/` with kid `local`.
 * @throws Error for a malformed entry or a secret shorter than 32 characters (the server must not start with it).
 */
export function signingKeys(): SigningKey[] {
  const env = getEnv();
  if (!env.CONFIRMATION_KEYS.length) return [{ kid: "local", secret: Buffer.from(localSecret("confirmation-key"), "utf8") }];
  return env.CONFIRMATION_KEYS.map((entry) => {
    const i = entry.indexOf(":");
    const kid = entry.slice(0, i);
    const secret = entry.slice(i + 1);
    if (i < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw new Error("CONFIRMATION_KEYS entries must be kid:secret with a kid of [A-Za-z0-9_-]{1,32}");
    if (secret.length < 32) throw new Error(`CONFIRMATION_KEYS secret for kid ${kid} must be at least 32 characters`);
    return { kid, secret: Buffer.from(secret, "utf8") };
  });
}
