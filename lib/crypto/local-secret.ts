import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * A secret generated once and kept in `$DATA_DIR/keys/<name>` (mode 0600), for single-instance setups that did not
 * configure one in the environment (confirmation signing key, session secret, secrets encryption key). Several
 * instances sharing a database must set the environment variables instead: each machine would generate its own.
 * @param bytes length of a newly generated secret, bytes.
 * @returns the secret as base64url text.
 */
export function localSecret(name: "confirmation-key" | "nextauth-secret" | "secrets-key" | "initial-operator-password", bytes = 32): string {
  const dir = path.join(getEnv().dataDir, "keys");
  const file = path.join(dir, name);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const value = randomBytes(bytes).toString("base64url");
    try {
      fs.writeFileSync(file, value, { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      // Another process created it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
