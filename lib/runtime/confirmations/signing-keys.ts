import { localSecret } from "@/lib/crypto/local-secret";
import { getEnv } from "@/lib/env";

export type SigningKey = { kid: string; secret: Buffer };

/**
 * Confirmation-token HMAC keys: `CONFIRMATION_KEYS` (`kid:secret,…`, validated at boot by lib/env.ts; the first signs,
 * all verify — rotation keeps a previous key valid), else one key generated in `$DATA_DIR/keys/` with kid `local`.
 */
export function signingKeys(): SigningKey[] {
  const env = getEnv();
  if (!env.CONFIRMATION_KEYS.length) return [{ kid: "local", secret: Buffer.from(localSecret("confirmation-key"), "utf8") }];
  return env.CONFIRMATION_KEYS.map(({ kid, secret }) => ({ kid, secret: Buffer.from(secret, "utf8") }));
}
