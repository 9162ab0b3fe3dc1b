import { validateHostHeader } from "@modelcontextprotocol/server";
import type { Env } from "@/lib/env";

/** Loopback names every instance answers to (local clients, health checks, the e2e suite). */
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/**
 * Whether a request's `Host` header names this server: the public origin's host (`PUBLIC_BASE_URL`), a loopback
 * name (any port), or an `ALLOWED_HOSTS` entry (`host`, or `host:port` for that port only); `ALLOWED_HOSTS=*` turns
 * the check off. Refusing other hosts closes DNS rebinding: a page on `evil.example` whose name was re-pointed at this
 * server sends `Host: evil.example` and cannot read the console's or the API's GET responses. Parsing and hostname
 * comparison use the MCP SDK's `validateHostHeader`.
 */
export function isAllowedHost(hostHeader: string | null, env: Env): boolean {
  const extra = env.ALLOWED_HOSTS.map((h) => h.host);
  if (extra.includes("*")) return true;
  if (!hostHeader) return false;
  const publicHost = new URL(env.baseUrl).hostname;
  const byName = extra.filter((h) => !/:\d+$/.test(h));
  if (validateHostHeader(hostHeader, [...LOOPBACK, publicHost, ...byName]).ok) return true;
  return extra.includes(hostHeader.toLowerCase());
}

/**
 * What to answer a request whose `Host` this server does not answer to (see {@link isAllowedHost}), or `null` to serve
 * it: 403 with a JSON-RPC error on the MCP paths (`/mcp`, `/api/mcp…`) and `{ error: { code: "FORBIDDEN" } }`
 * elsewhere, naming the setting to change. `/api/healthz` is exempt so orchestrators can probe the container by IP.
 * Used by `proxy.ts` (Next.js) and the MCP front door (`lib/tools/mcp-front-door.ts`).
 */
export function hostRefusal(pathname: string, hostHeader: string | null, env: Env): { status: 403; body: unknown } | null {
  if (pathname === "/api/healthz" || isAllowedHost(hostHeader, env)) return null;
  const message = `Host ${JSON.stringify((hostHeader ?? "").slice(0, 100))} is not allowed: set PUBLIC_BASE_URL to this server's public URL, or add the host to ALLOWED_HOSTS.`;
  const mcp = pathname === "/mcp" || pathname.startsWith("/api/mcp");
  return { status: 403, body: mcp ? { jsonrpc: "2.0", id: null, error: { code: -32000, message } } : { error: { code: "FORBIDDEN", message } } };
}
