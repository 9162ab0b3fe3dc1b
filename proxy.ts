import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { hostRefusal } from "@/lib/http/allowed-host";

/**
 * Next.js proxy (runs before every route): refuse a `Host` this server does not answer to (DNS rebinding), with 403
 * (`hostRefusal`; `/api/healthz` is exempt so orchestrators can probe the container by IP).
 */
export function proxy(req: NextRequest): NextResponse {
  const refused = hostRefusal(req.nextUrl.pathname, req.headers.get("host"), getEnv());
  return refused ? NextResponse.json(refused.body, { status: refused.status, headers: { "cache-control": "no-store" } }) : NextResponse.next();
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
