import { createRemoteJWKSet, customFetch, errors, type JWTVerifyGetKey } from "jose";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { discoverIssuerMetadata } from "./discover-issuer-metadata";
import { OAUTH_FETCH_TIMEOUT_MS, type OAuthFetch } from "./oauth-fetch";

/** After a failed discovery, requests within this many milliseconds fail at once instead of asking again. */
export const DISCOVERY_RETRY_MS = 5_000;

/** Errors that say something about the token (its header names no published key), not about the server. */
const TOKEN_ERRORS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported, errors.JWSInvalid];

const unavailable = () => new AppError("UNAVAILABLE", "The authorization server's signing keys could not be loaded; try again later.", { retry_after_seconds: Math.ceil(DISCOVERY_RETRY_MS / 1000) });

/**
 * The key lookup for `jwtVerify`: on first use, discover the issuer's metadata ({@link discoverIssuerMetadata}) and
 * from its `jwks_uri` build jose's `createRemoteJWKSet` (keys cached 10 minutes, refetched — at most every 30 s — when
 * a token names an unknown `kid`, so key rotation needs no restart); every fetch goes through `fetch` (lib/net). The
 * discovered `jwks_uri` is kept for the process lifetime.
 * @returns a `JWTVerifyGetKey` that rejects with AppError `UNAVAILABLE` when discovery or the JWKS fetch fails
 *   (logged with the reason; a client must not be told to re-authenticate for our outage), and with jose's own
 *   error when the token's header matches no published key.
 */
export function createIssuerKeyResolver(o: { issuer: string; fetch: OAuthFetch }): JWTVerifyGetKey {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  const discover = async () => {
    const meta = await discoverIssuerMetadata(o.issuer, o.fetch);
    if (!meta.registration_endpoint && !meta.client_id_metadata_document_supported) {
      getLogger().warn({ issuer: o.issuer }, "the OAuth authorization server offers neither dynamic client registration nor client ID metadata documents: ChatGPT and Claude need one of them to register (docs/oauth.md)");
    }
    return createRemoteJWKSet(new URL(meta.jwks_uri), {
      timeoutDuration: OAUTH_FETCH_TIMEOUT_MS,
      [customFetch]: (url, init) => o.fetch(url, { headers: init.headers, signal: init.signal }),
    });
  };
  return async (header, token) => {
    if (!jwks) {
      if (Date.now() - failedAt < DISCOVERY_RETRY_MS) throw unavailable();
      jwks = discover().catch((e: unknown) => {
        jwks = undefined;
        failedAt = Date.now();
        getLogger().error({ issuer: o.issuer, err: (e as Error).message }, "OAuth authorization server metadata discovery failed");
        throw unavailable();
      });
    }
    const keys = await jwks;
    try {
      return await keys(header, token);
    } catch (e) {
      if (TOKEN_ERRORS.some((t) => e instanceof t)) throw e;
      getLogger().error({ issuer: o.issuer, err: (e as Error).message, cause: String((e as Error).cause ?? "") }, "OAuth JWKS fetch failed");
      throw unavailable();
    }
  };
}
