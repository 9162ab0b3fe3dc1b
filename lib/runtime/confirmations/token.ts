import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "@/lib/errors";
import { signingKeys } from "./signing-keys";

/**
 * Confirmation tokens: `oac1.<kid>.<confirmation_id>.<iat>.<exp>.<nonce>.<mac>`, where `mac` is HMAC-SHA256 (base64url,
 * 32 bytes) over a versioned, length-delimited message binding the confirmation id, the tool name, the SHA-256 of
 * the RFC 8785 canonical arguments, the principal, issue time and expiry (Unix seconds) and a random nonce. Tool,
 * arguments hash and principal are not carried in the token: they are taken from the call redeeming it, so a token
 * used for another tool, other arguments or by another principal fails verification.
 */
export type TokenBinding = { confirmationId: string; tool: string; argsHash: string; principal: string };
export type TokenClaims = { kid: string; confirmationId: string; iat: number; exp: number; nonce: string; mac: Buffer };

const VERSION = "oac1";
const TOKEN_RE = /^oac1\.([A-Za-z0-9_-]{1,32})\.(conf_[0-9a-f]{28})\.(\d{10})\.(\d{10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function message(b: TokenBinding & { kid: string; iat: number; exp: number; nonce: string }): Buffer {
  // Length-delimited so no field boundary can be shifted into another (`ab|c` vs `a|bc`).
  const fields = [VERSION, b.kid, b.confirmationId, b.tool, b.argsHash, b.principal, String(b.iat), String(b.exp), b.nonce];
  return Buffer.from(fields.map((f) => `${Buffer.byteLength(f)}:${f}`).join("\n"), "utf8");
}

/** Issue a token for a confirmation, signed with the current key. Times in Unix seconds. */
export function issueToken(b: TokenBinding & { iat: number; exp: number }): { token: string; kid: string; nonce: string } {
  const key = signingKeys()[0]!;
  const nonce = randomBytes(16).toString("base64url");
  const mac = createHmac("sha256", key.secret).update(message({ ...b, kid: key.kid, nonce })).digest("base64url");
  return { token: [VERSION, key.kid, b.confirmationId, b.iat, b.exp, nonce, mac].join("."), kid: key.kid, nonce };
}

/**
 * Parse a token's claims without trusting them.
 * @throws AppError `CONFIRMATION_INVALID` for anything that is not a well-formed token.
 */
export function parseToken(token: string): TokenClaims {
  const m = TOKEN_RE.exec(token);
  if (!m) throw new AppError("CONFIRMATION_INVALID", "confirmation_token is malformed; use the token returned by the confirmation_required result.");
  return { kid: m[1]!, confirmationId: m[2]!, iat: Number(m[3]), exp: Number(m[4]), nonce: m[5]!, mac: Buffer.from(m[6]!, "base64url") };
}

/**
 * Whether `claims` carry a valid MAC for `binding` under a known key (constant-time compare of 32-byte digests).
 * @returns false for an unknown key id or a wrong MAC.
 */
export function verifyTokenMac(claims: TokenClaims, binding: TokenBinding): boolean {
  const key = signingKeys().find((k) => k.kid === claims.kid);
  if (!key || claims.mac.length !== 32) return false;
  const expected = createHmac("sha256", key.secret).update(message({ ...binding, kid: claims.kid, iat: claims.iat, exp: claims.exp, nonce: claims.nonce })).digest();
  return timingSafeEqual(expected, claims.mac);
}
