import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { decryptSecret, encryptSecret, secretAad, secretKeyring, type SealedSecret } from "./secrets";

const k = () => randomBytes(32).toString("base64");
function setKeys(value: string | undefined) {
  if (value === undefined) delete process.env.SECRETS_KEYS;
  else process.env.SECRETS_KEYS = value;
  resetEnvForTests();
}
afterEach(() => setKeys(undefined));

const aad = secretAad("sec_1", "github_token");
/** Flip one bit of a base64 field. */
function flip(b64: string, at = 0): string {
  const buf = Buffer.from(b64, "base64");
  buf[at % buf.length]! ^= 0x01;
  return buf.toString("base64");
}
const INTERNAL = { name: "AppError", code: "INTERNAL" };

describe("AES-256-GCM secrets", () => {
  it("round-trips with a fresh 12-byte IV and a 16-byte tag each time", () => {
    const a = encryptSecret("ghp_example_token", aad);
    const b = encryptSecret("ghp_example_token", aad);
    expect(Buffer.from(a.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(a.authTag, "base64")).toHaveLength(16);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.ciphertext).not.toContain("ghp_");
    expect(decryptSecret(a, aad)).toBe("ghp_example_token");
    expect(decryptSecret(encryptSecret("", aad), aad)).toBe("");
  });

  it("uses a generated key as version 1 when SECRETS_KEYS is unset, the same one every time", () => {
    const sealed = encryptSecret("x", aad);
    expect(sealed.keyVersion).toBe(1);
    expect(secretKeyring().get(1)).toHaveLength(32);
    expect(decryptSecret(sealed, aad)).toBe("x");
  });

  it.each<[string, (s: SealedSecret) => SealedSecret, RegExp]>([
    ["tampered ciphertext", (s) => ({ ...s, ciphertext: flip(s.ciphertext, 3) }), /authentication failed/],
    ["tampered IV", (s) => ({ ...s, iv: flip(s.iv, 5) }), /authentication failed/],
    ["tampered tag", (s) => ({ ...s, authTag: flip(s.authTag, 15) }), /authentication failed/],
    ["truncated tag", (s) => ({ ...s, authTag: Buffer.from(s.authTag, "base64").subarray(0, 12).toString("base64") }), /tag 16 bytes/],
    ["IV of the wrong length", (s) => ({ ...s, iv: randomBytes(16).toString("base64") }), /IV must be 12 bytes/],
    ["unknown key version", (s) => ({ ...s, keyVersion: 7 }), /key version 7 is not in SECRETS_KEYS/],
  ])("refuses a %s with an explicit error", (_label, tamper, message) => {
    setKeys(`1:${k()}`);
    const sealed = encryptSecret("top secret", aad);
    expect(() => decryptSecret(tamper(sealed), aad)).toThrow(expect.objectContaining({ ...INTERNAL, message: expect.stringMatching(message) }));
  });

  it("refuses a ciphertext moved to another row (different id or name)", () => {
    const sealed = encryptSecret("top secret", aad);
    expect(() => decryptSecret(sealed, secretAad("sec_2", "github_token"))).toThrow(/authentication failed/);
    expect(() => decryptSecret(sealed, secretAad("sec_1", "other_token"))).toThrow(/authentication failed/);
  });

  it("refuses the wrong key under the same version", () => {
    setKeys(`1:${k()}`);
    const sealed = encryptSecret("top secret", aad);
    setKeys(`1:${k()}`);
    expect(() => decryptSecret(sealed, aad)).toThrow(expect.objectContaining({ ...INTERNAL, message: expect.stringMatching(/wrong key for version 1/) }));
  });

  it("encrypts with the highest version and still decrypts older ones (rotation)", () => {
    const v1 = k();
    setKeys(`1:${v1}`);
    const old = encryptSecret("old", aad);
    setKeys(`3:${k()}, 1:${v1}`);
    const fresh = encryptSecret("new", aad);
    expect(fresh.keyVersion).toBe(3);
    expect(decryptSecret(old, aad)).toBe("old");
    expect(decryptSecret(fresh, aad)).toBe("new");
  });

  it("refuses malformed SECRETS_KEYS entries when the environment is parsed (start-up), naming the variable and the form", () => {
    for (const bad of ["abc", `x:${k()}`, `0:${k()}`, "1:c2hvcnQ=", `1:${k()},1:${k()}`]) {
      setKeys(bad);
      expect(() => getEnv(), bad).toThrow(/Invalid environment: SECRETS_KEYS: .*(accepted form: <version ≥ 1>:<base64 of 32 bytes>|each key version may appear once)/);
    }
  });
});
