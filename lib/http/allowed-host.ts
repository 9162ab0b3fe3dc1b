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
