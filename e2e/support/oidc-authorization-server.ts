import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { errors } from "oidc-provider";

/** A real OAuth 2.0 authorization server (oidc-provider) on 127.0.0.1, for the OAuth resource-server tests. */
export type LocalAuthorizationServer = {
  /** `http://127.0.0.1:<port>` — the issuer identifier, exactly as its metadata states it. */
  issuer: string;
  port: number;
  /** The confidential client allowed the client-credentials grant (`client_secret_basic`). */
  client: { id: string; secret: string };
  /**
   * A client-credentials access token — a JWT (RFC 9068) with `aud` = `resource` (RFC 8707) and the requested scopes
   * that the resource grants — from the real token endpoint.
   * @throws when the server refuses (unknown resource, bad scope).
   */
  token(o: { resource: string; scope: string }): Promise<string>;
  close(): Promise<void>;
};

/**
 * Start oidc-provider with the client-credentials grant, open dynamic client registration and resource indicators
 * (`features.resourceIndicators`): each of `resources` is a resource server whose tokens are JWTs signed with an
 * ES256 key published at `/jwks`, valid `ttlSeconds`, granting at most `scopes`; any other resource indicator is
 * refused (`invalid_target`).
 */
export async function startAuthorizationServer(o: { resources: string[]; scopes: string[]; ttlSeconds?: number }): Promise<LocalAuthorizationServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const client = { id: "omniaudit-test-client", secret: `secret-${"x".repeat(40)}` };
  const scope = o.scopes.join(" ");
  const ttl = o.ttlSeconds ?? 300;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "ES256",
        scope,
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "ES256", use: "sig" }] },
    scopes: ["openid", ...o.scopes],
    ttl: { ClientCredentials: () => ttl },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Open dynamic client registration (RFC 7591), as ChatGPT and Claude need from an authorization server.
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (!o.resources.includes(resource)) throw new errors.InvalidTarget();
          return { scope, audience: resource, accessTokenFormat: "jwt", accessTokenTTL: ttl, jwt: { sign: { alg: "ES256" } } };
        },
      },
    },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    port,
    client,
    async token(t) {
      const res = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", resource: t.resource, scope: t.scope }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!res.ok || !body.access_token) throw new Error(`token endpoint: ${res.status} ${body.error ?? ""} ${body.error_description ?? ""}`);
      return body.access_token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
