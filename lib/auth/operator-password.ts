import path from "node:path";
import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from "node:crypto";
import { localSecret } from "@/lib/crypto/local-secret";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";

/**
 * The operator's password for the credentials sign-in. Precedence: `OPERATOR_PASSWORD_HASH`, else `OPERATOR_PASSWORD`,
 * else a password generated on first use and kept in `$DATA_DIR/keys/initial-operator-password`. Every comparison
 * is scrypt + `timingSafeEqual` on equal-length digests, so every attempt costs one scrypt whatever is configured.
 */

// scrypt cost N=2^14, r=8, p=1 (≈16 MiB, tens of ms): OWASP's minimum for scrypt. `scripts/hash-password.mjs` uses the same.
const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LEN = 32;
const HASH_RE = /^scrypt:([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$/;

function scryptAsync(password: BinaryLike, salt: BinaryLike, keyLen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keyLen, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Hash a password for `OPERATOR_PASSWORD_HASH`.
 * @returns `scrypt:<salt, 16 random bytes, base64>:<32-byte scrypt digest, base64>` (N=16384, r=8, p=1).
 */
export async function hashOperatorPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LEN);
  return `scrypt:${salt.toString("base64")}:${key.toString("base64")}`;
}

/**
 * Compare a password with a `scrypt:<salt b64>:<hash b64>` hash in constant time.
 * @throws AppError `INTERNAL` when `stored` is malformed (a configuration error, not a wrong password).
 */
export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const m = HASH_RE.exec(stored.trim());
  const salt = m ? Buffer.from(m[1]!, "base64") : Buffer.alloc(0);
  const expected = m ? Buffer.from(m[2]!, "base64") : Buffer.alloc(0);
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) {
    throw new AppError("INTERNAL", "OPERATOR_PASSWORD_HASH is malformed: expected scrypt:<salt base64>:<hash base64> (see scripts/hash-password.mjs).");
  }
  const actual = await scryptAsync(password, salt, expected.length);
  return timingSafeEqual(actual, expected);
}

// A per-process salt for comparing against a plaintext password: both sides get the same scrypt, so the digests have
// equal length and the comparison leaks neither the length nor a prefix of the configured password.
const PROCESS_SALT = randomBytes(16);
const plainDigests = new Map<string, Promise<Buffer>>();

async function equalsPlain(password: string, configured: string): Promise<boolean> {
  let expected = plainDigests.get(configured);
  if (!expected) {
    expected = scryptAsync(configured, PROCESS_SALT, KEY_LEN);
    plainDigests.set(configured, expected);
  }
  const [a, b] = await Promise.all([scryptAsync(password, PROCESS_SALT, KEY_LEN), expected]);
  return timingSafeEqual(a, b);
}

/** Path of the generated initial password. */
function initialPasswordFile(): string {
  return path.join(getEnv().dataDir, "keys", "initial-operator-password");
}

let hintLogged = false;

/**
 * Make sure the operator can sign in: with neither `OPERATOR_PASSWORD_HASH` nor `OPERATOR_PASSWORD` set, generate the
 * initial password (18 random bytes, base64url) unless it exists, and log once per process a one-line hint naming the
 * file (never the password). Call it at start-up.
 * @returns `generated: true` and the file when the generated password is the one in force; else `generated: false`.
 */
export function ensureInitialOperatorPassword(): { generated: boolean; file: string | null } {
  const env = getEnv();
  if (env.OPERATOR_PASSWORD_HASH || env.OPERATOR_PASSWORD) return { generated: false, file: null };
  localSecret("initial-operator-password", 18);
  const file = initialPasswordFile();
  if (!hintLogged) {
    hintLogged = true;
    getLogger().warn({ file }, `no OPERATOR_PASSWORD or OPERATOR_PASSWORD_HASH set: sign in as "${env.OPERATOR_USERNAME}" with the password in ${file}`);
  }
  return { generated: true, file };
}

/**
 * Check a candidate against the configured operator password (see the module comment for precedence).
 * @returns true on a match; false on a mismatch.
 * @throws AppError `INTERNAL` when `OPERATOR_PASSWORD_HASH` is malformed.
 */
export async function verifyOperatorPassword(password: string): Promise<boolean> {
  const env = getEnv();
  if (env.OPERATOR_PASSWORD_HASH) return verifyPasswordHash(password, env.OPERATOR_PASSWORD_HASH);
  if (env.OPERATOR_PASSWORD) return equalsPlain(password, env.OPERATOR_PASSWORD);
  ensureInitialOperatorPassword();
  return equalsPlain(password, localSecret("initial-operator-password", 18));
}
