import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { errorBody, HttpError } from "./errors";

/** The GitHub App the fake knows; `installations` (owner login → installation id) is kept in step with the state. */
export type AppInfo = {
  appId: number;
  slug: string;
  name: string;
  clientId: string;
  owner: string;
  /** PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), the format GitHub's "Generate a private key" downloads. */
  privateKeyPem: string;
  publicKey: KeyObject;
  installations: Record<string, number>;
};

let keys: { privateKeyPem: string; publicKey: KeyObject } | undefined;

/** The App's RSA key pair — generated once per process (2048-bit generation costs ~100 ms). */
function appKeys(): { privateKeyPem: string; publicKey: KeyObject } {
  if (!keys) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    keys = { privateKeyPem: pair.privateKey, publicKey: createPublicKey(pair.publicKey) };
  }
  return keys;
}

/** The fake's App (id 424242, slug `omniaudit-test`, owned by `acme`). */
export function createApp(): AppInfo {
  return { appId: 424242, slug: "omniaudit-test", name: "OmniAudit Test", clientId: "Iv23liFakeOmniAudit01", owner: "acme", ...appKeys(), installations: {} };
}

const unauthorized = (message: string) => new HttpError(401, errorBody(401, message));
const undecodable = () => unauthorized("A JSON web token could not be decoded");

function part(s: string | undefined): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(s ?? "", "base64url").toString("utf8")) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw undecodable();
}

/**
 * Verify an App JWT as GitHub does ("Authenticating as a GitHub App"): RS256 signed by the App's key, `iss` the App id
 * (number or numeric string) or client id, `iat` not in the future (60 s of clock drift allowed), `exp` in the future
 * and at most 10 minutes after `iat` and after now. Failures are 401s with GitHub's messages — the `iat`/`exp` ones
 * are those `@octokit/auth-app` recognises to correct clock skew from the `date` header.
 */
export function verifyAppJwt(app: AppInfo, jwt: string | null, nowMs = Date.now()): void {
  if (!jwt) throw unauthorized("A JSON web token could not be decoded");
  const pieces = jwt.split(".");
  if (pieces.length !== 3) throw undecodable();
  const [h, p, s] = pieces as [string, string, string];
  const header = part(h);
  const payload = part(p);
  if (header.alg !== "RS256") throw undecodable();
  const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), app.publicKey, Buffer.from(s, "base64url"));
  if (!ok) throw undecodable();
  const iss = payload.iss;
  const issOk = iss === app.appId || iss === String(app.appId) || iss === app.clientId;
  if (!issOk) throw undecodable();
  const now = Math.floor(nowMs / 1000);
  const { iat, exp } = payload;
  if (typeof iat !== "number" || !Number.isInteger(iat) || iat > now + 60) {
    throw unauthorized("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  }
  if (typeof exp !== "number" || !Number.isInteger(exp) || exp <= now) {
    throw unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  }
  if (exp - iat > 600 || exp > now + 600) throw unauthorized("'Expiration time' claim ('exp') is too far in the future");
}
