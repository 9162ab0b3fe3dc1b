import { beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { issueToken, parseToken, verifyTokenMac } from "./token";

const binding = { confirmationId: "conf_0123456789ab0123456789abcdef", tool: "sitelint_delete_scan", argsHash: "a".repeat(64), principal: "alice" };
const useKeys = (keys: string) => {
  process.env.CONFIRMATION_KEYS = keys;
  resetEnvForTests();
};
const K1 = "k1:" + "1".repeat(40);
const K2 = "k2:" + "2".repeat(40);

beforeEach(() => useKeys(K1));

describe("confirmation tokens (HMAC-SHA256, length-delimited, key id)", () => {
  it("verify only for the exact binding", () => {
    const { token } = issueToken({ ...binding, iat: 1_800_000_000, exp: 1_800_000_600 });
    const claims = parseToken(token);
    expect(claims).toMatchObject({ kid: "k1", confirmationId: binding.confirmationId, iat: 1_800_000_000, exp: 1_800_000_600 });
    expect(verifyTokenMac(claims, binding)).toBe(true);
    for (const change of [{ tool: "other_tool" }, { argsHash: "b".repeat(64) }, { principal: "bob" }, { confirmationId: "conf_ffffffffffff0123456789abcdef" }]) {
      expect(verifyTokenMac(claims, { ...binding, ...change }), JSON.stringify(change)).toBe(false);
    }
    expect(verifyTokenMac({ ...claims, exp: claims.exp + 1 }, binding)).toBe(false);
  });

  it("keep verifying after rotation while the previous key is listed, and fail once it is gone", () => {
    const { token } = issueToken({ ...binding, iat: 1_800_000_000, exp: 1_800_000_600 });
    useKeys(`${K2},${K1}`);
    expect(verifyTokenMac(parseToken(token), binding)).toBe(true);
    expect(parseToken(issueToken({ ...binding, iat: 1_800_000_000, exp: 1_800_000_600 }).token).kid).toBe("k2");
    useKeys(K2);
    expect(verifyTokenMac(parseToken(token), binding)).toBe(false);
  });

  it("parse refuses malformed tokens with CONFIRMATION_INVALID", () => {
    for (const bad of ["", "oac1", "oac2.k1.conf_0123456789ab0123456789abcdef.1800000000.1800000600.AAAAAAAAAAAAAAAAAAAAAA." + "A".repeat(43), "x".repeat(600)]) {
      expect(() => parseToken(bad)).toThrow(expect.objectContaining({ code: "CONFIRMATION_INVALID" }));
    }
  });

  it("refuses a signing key shorter than 32 characters", () => {
    useKeys("short:abc");
    expect(() => issueToken({ ...binding, iat: 1_800_000_000, exp: 1_800_000_600 })).toThrow(/at least 32/);
  });
});
