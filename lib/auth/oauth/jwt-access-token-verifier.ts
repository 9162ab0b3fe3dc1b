import { OAuthError, OAuthErrorCode, type AuthInfo, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import { errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";

/** Clock skew allowed on `exp` and `nbf`, seconds (between our clock and the authorization server's). */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longest token looked at, characters; longer ones are refused unparsed. */
const MAX_TOKEN_CHARS = 16 * 1024;
/** Asymmetric JWS algorithms only: a JWKS publishes public keys, and `none`/HMAC must never verify. */
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
/** `typ` values of access tokens: RFC 9068 §2.1's `at+jwt`, and plain `JWT` that most identity providers still send. */
const ACCESS_TOKEN_TYPES = new Set(["at+jwt", "application/at+jwt", "jwt"]);

/** The claims used (RFC 9068 §2.2; `scp` as Okta/Entra send it, an array or a space-separated string). */
const Claims = z.looseObject({
  // OpenID Connect Core §2: at most 255 ASCII characters; printable only, as it becomes the principal in logs.
  sub: z.string().regex(/^[\x21-\x7e]{1,255}$/),
  exp: z.number().finite(),
  aud: z.union([z.string(), z.array(z.string())]),
  scope: z.string().optional(),
  scp: z.union([z.string(), z.array(z.string())]).optional(),
  client_id: z.string().optional(),
  azp: z.string().optional(),
  cnf: z.unknown().optional(),
});

const invalid = (reason: string) => new OAuthError(OAuthErrorCode.InvalidToken, reason);

/** Fixed short reasons for jose's failures: the client learns what is wrong, never the library's text. */
function reasonFor(e: unknown): string {
  if (e instanceof errors.JWTExpired) return "The access token has expired.";
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "iss") return "The access token was not issued by this server's authorization server.";
    if (e.claim === "nbf") return "The access token is not valid yet.";
    return "The access token lacks a required claim (sub, exp or aud).";
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return "The access token's signature does not verify.";
  if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) return "The access token is not signed with a key of the authorization server.";
  return "The access token is not a signed JWT this server accepts.";
}

/** Compare resource identifiers as the MCP SDK does: ignoring a fragment and one trailing slash (URL-normalised). */
function sameResource(a: string, b: string): boolean {
  const norm = (v: string) => {
    try {
      const u = new URL(v);
      u.hash = "";
      return u.href.replace(/\/$/, "");
    } catch {
      return undefined;
    }
  };
  const na = norm(a);
  return na !== undefined && na === norm(b);
}

/** A token's scopes: the `scope` claim (RFC 9068 §2.2.3, space-separated) and `scp`, de-duplicated. */
function scopesOf(c: z.infer<typeof Claims>): string[] {
  const scp = typeof c.scp === "string" ? c.scp.split(" ") : (c.scp ?? []);
  return [...new Set([...(c.scope ?? "").split(" "), ...scp].filter(Boolean))];
}

/**
 * The MCP SDK's `OAuthTokenVerifier` for JWT access tokens (RFC 9068) from one issuer, verified locally with jose:
 * signature with a key from `keys` (asymmetric algorithms only), `iss` identical to `issuer`, `exp`/`nbf` within
 * {@link CLOCK_TOLERANCE_SECONDS}, `typ` an access-token type (or absent), `sub` present and printable, and `aud`
 * containing `audience` (RFC 8707: a token minted for another resource is refused — so is a DPoP- or mTLS-bound
 * token (`cnf`), whose binding this server cannot check). The SDK's `verifyBearerToken` then checks `resource` against
 * the expected resource and the required scopes.
 * @returns the verifier; its `verifyAccessToken` resolves to `AuthInfo` with `scopes`, `expiresAt` (`exp` plus the
 *   tolerance, in epoch seconds, so the SDK's own expiry check agrees with jose's), `resource` (the matching `aud`),
 *   `clientId` (`client_id`, `azp` or `sub`) and `extra.sub`.
 * @throws (from `verifyAccessToken`) `OAuthError` `invalid_token` with a fixed one-line reason; AppError
 *   `UNAVAILABLE` (from `keys`) when the authorization server's keys cannot be loaded.
 */
export function createJwtAccessTokenVerifier(o: { issuer: string; audience: string; keys: JWTVerifyGetKey }): OAuthTokenVerifier {
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      if (token.length > MAX_TOKEN_CHARS) throw invalid("The access token is too long.");
      let verified: Awaited<ReturnType<typeof jwtVerify>>;
      try {
        verified = await jwtVerify(token, o.keys, { issuer: o.issuer, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_SECONDS, requiredClaims: ["sub", "exp", "aud"] });
      } catch (e) {
        if (isAppError(e)) throw e;
        getLogger().debug({ code: (e as { code?: string }).code }, "OAuth access token refused");
        throw invalid(reasonFor(e));
      }
      const typ = verified.protectedHeader.typ;
      if (typ !== undefined && !ACCESS_TOKEN_TYPES.has(typ.toLowerCase())) throw invalid("The token is not an access token (typ).");
      const c = Claims.safeParse(verified.payload);
      if (!c.success) throw invalid("The access token's claims are unusable (sub, exp, aud or scope).");
      if (c.data.cnf !== undefined) throw invalid("Sender-constrained (DPoP or certificate-bound) access tokens are not supported.");
      const aud = [c.data.aud].flat().find((a) => sameResource(a, o.audience));
      if (!aud) throw invalid("The access token was not issued for this resource (audience).");
      return {
        token,
        clientId: c.data.client_id ?? c.data.azp ?? c.data.sub,
        scopes: scopesOf(c.data),
        expiresAt: c.data.exp + CLOCK_TOLERANCE_SECONDS,
        resource: new URL(aud),
        extra: { sub: c.data.sub },
      };
    },
  };
}
