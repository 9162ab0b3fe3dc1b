import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { ensureInitialOperatorPassword, hashOperatorPassword, verifyOperatorPassword, verifyPasswordHash } from "./operator-password";

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["OPERATOR_PASSWORD", "OPERATOR_PASSWORD_HASH"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
});

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

describe("operator password hashing", () => {
  it("hashes as scrypt:<salt b64>:<hash b64> with a fresh salt and verifies only the right password", async () => {
    const a = await hashOperatorPassword("correct horse battery");
    const b = await hashOperatorPassword("correct horse battery");
    expect(a).toMatch(/^scrypt:[A-Za-z0-9+/]+=*:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash("correct horse battery", a)).toBe(true);
    expect(await verifyPasswordHash("correct horse battery!", a)).toBe(false);
    expect(await verifyPasswordHash("", a)).toBe(false);
  });

  it("rejects a malformed hash as a configuration error, not as a wrong password", async () => {
    for (const bad of ["scrypt:", "scrypt:abc", "scrypt:!!:??", "scrypt:c2FsdHNhbHQ=:c2hvcnQ=", "bcrypt:$2b$10$abc"]) {
      await expect(verifyPasswordHash("whatever", bad), bad).rejects.toMatchObject({ name: "AppError", code: "INTERNAL", message: expect.stringMatching(/malformed/) });
    }
  });

  it("accepts hashes printed by scripts/hash-password.mjs", async () => {
    const script = path.join(process.cwd(), "scripts", "hash-password.mjs");
    const hash = execFileSync(process.execPath, [script], { input: "s3cret-password\n" }).toString().trim();
    expect(await verifyPasswordHash("s3cret-password", hash)).toBe(true);
    expect(await verifyPasswordHash("s3cret-passwore", hash)).toBe(false);
  });
});

describe("verifyOperatorPassword precedence", () => {
  it("uses OPERATOR_PASSWORD_HASH first", async () => {
    setEnv({ OPERATOR_PASSWORD_HASH: await hashOperatorPassword("from-the-hash"), OPERATOR_PASSWORD: "from-plain-text" });
    expect(await verifyOperatorPassword("from-the-hash")).toBe(true);
    expect(await verifyOperatorPassword("from-plain-text")).toBe(false);
    expect(ensureInitialOperatorPassword()).toEqual({ generated: false, file: null });
  });

  it("then OPERATOR_PASSWORD", async () => {
    setEnv({ OPERATOR_PASSWORD_HASH: undefined, OPERATOR_PASSWORD: "from-plain-text" });
    expect(await verifyOperatorPassword("from-plain-text")).toBe(true);
    expect(await verifyOperatorPassword("from-plain-tex")).toBe(false);
    expect(await verifyOperatorPassword("from-plain-text ")).toBe(false);
  });

  it("else a generated initial password kept in $DATA_DIR/keys", async () => {
    setEnv({ OPERATOR_PASSWORD_HASH: undefined, OPERATOR_PASSWORD: undefined });
    const r = ensureInitialOperatorPassword();
    expect(r.generated).toBe(true);
    expect(r.file).toBe(path.join(process.env.DATA_DIR!, "keys", "initial-operator-password"));
    const generated = fs.readFileSync(r.file!, "utf8").trim();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((fs.statSync(r.file!).mode & 0o777).toString(8)).toBe("600");
    expect(ensureInitialOperatorPassword()).toEqual(r); // stable: not regenerated
    expect(await verifyOperatorPassword(generated)).toBe(true);
    expect(await verifyOperatorPassword("admin")).toBe(false);
  });
});
