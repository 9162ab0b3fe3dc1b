import { z } from "zod";
import type { OAuthFetch } from "./oauth-fetch";

/** What OmniAudit reads from the authorization server's metadata; everything else is ignored (the format is open). */
export type IssuerMetadata = {
  issuer: string;
  jwks_uri: string;
  /** RFC 7591 dynamic client registration, when offered. */
  registration_endpoint?: string;
  /** OAuth Client ID Metadata Documents (the MCP 2025-11-25 registration default), when advertised. */
  client_id_metadata_document_supported?: boolean;
};

const isHttpsOrLoopback = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(u.hostname);
  } catch {
    return false;
  }
};
const Metadata = z.looseObject({
  issuer: z.string().min(1),
  jwks_uri: z.url({ protocol: /^https?$/ }).refine(isHttpsOrLoopback, "jwks_uri must be https"),
  registration_endpoint: z.string().optional().catch(undefined),
  client_id_metadata_document_supported: z.boolean().optional().catch(undefined),
});

/**
 * The well-known metadata URLs of an issuer, in the order MCP 2025-11-25 (basic/authorization, "Authorization Server
 * Metadata Discovery") has clients try them: RFC 8414 §3.1 (`/.well-known/oauth-authorization-server` inserted before
 * the issuer's path), then OpenID Connect Discovery with the path inserted, then OpenID Connect Discovery 1.0 §4
 * (`<issuer>/.well-known/openid-configuration`). Without a path, the first and the last.
 */
export function issuerMetadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/+$/, "");
  if (!path) return [`${u.origin}/.well-known/oauth-authorization-server`, `${u.origin}/.well-known/openid-configuration`];
  return [`${u.origin}/.well-known/oauth-authorization-server${path}`, `${u.origin}/.well-known/openid-configuration${path}`, `${u.origin}${path}/.well-known/openid-configuration`];
}

/**
 * Fetch and check the issuer's metadata: the first well-known URL ({@link issuerMetadataUrls}) answering 200 with
 * JSON wins; its `issuer` must be identical to the configured one (RFC 8414 §3.3, OpenID Connect Discovery §4.3 —
 * else a look-alike document could point us at someone else's keys), and `jwks_uri` must be https (http on loopback
 * only, for local tests).
 * @returns the fields OmniAudit uses.
 * @throws Error saying which URL answered what (for the server log; callers answer clients without it).
 */
export async function discoverIssuerMetadata(issuer: string, fetch: OAuthFetch): Promise<IssuerMetadata> {
  const tried: string[] = [];
  for (const url of issuerMetadataUrls(issuer)) {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: "application/json" } });
    } catch (e) {
      tried.push(`${url}: ${(e as Error).message}${(e as Error).cause ? ` (${String((e as Error).cause)})` : ""}`);
      continue;
    }
    if (res.status !== 200) {
      tried.push(`${url}: HTTP ${res.status}`);
      continue;
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new Error(`${url}: not JSON`);
    }
    const parsed = Metadata.safeParse(body);
    if (!parsed.success) throw new Error(`${url}: not usable authorization server metadata (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
    if (parsed.data.issuer !== issuer) throw new Error(`${url}: its issuer ${JSON.stringify(parsed.data.issuer.slice(0, 200))} is not MCP_OAUTH_ISSUER ${JSON.stringify(issuer)} (they must be identical)`);
    const { registration_endpoint, client_id_metadata_document_supported } = parsed.data;
    return { issuer, jwks_uri: parsed.data.jwks_uri, registration_endpoint, client_id_metadata_document_supported };
  }
  throw new Error(`no authorization server metadata for ${issuer}: ${tried.join("; ")}`);
}
