import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { isAllowedHost } from "@/lib/http/allowed-host";

/**
 * Next.js proxy (runs before every route): refuse a `Host` this server does not answer to (DNS rebinding), with 403.
 * `/api/healthz` is exempt so orchestrators can probe the container by IP.
 */
export function proxy(req: NextRequest): NextResponse {
  if (req.nextUrl.pathname === "/api/healthz" || isAllowedHost(req.headers.get("host"), getEnv())) return NextResponse.next();
  const message = `Host ${JSON.stringify((req.headers.get("host") ?? "").slice(0, 100))} is not allowed: set PUBLIC_BASE_URL to this server's public URL, or add the host to ALLOWED_HOSTS.`;
  const mcp = req.nextUrl.pathname === "/mcp" || req.nextUrl.pathname.startsWith("/api/mcp");
  return NextResponse.json(mcp ? { jsonrpc: "2.0", id: null, error: { code: -32000, message } } : { error: { code: "FORBIDDEN", message } }, { status: 403, headers: { "cache-control": "no-store" } });
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
