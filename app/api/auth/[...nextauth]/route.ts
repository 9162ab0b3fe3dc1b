import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

/** next-auth v4 endpoints (`/api/auth/csrf`, `/signin/*`, `/callback/*`, `/session`, `/signout`, …). */
async function handler(req: NextRequest, ctx: Ctx): Promise<Response> {
  // Options are built per call (cached) rather than at import, so `next build` reads no secret.
  return NextAuth(req, ctx, getAuthOptions());
}

export { handler as GET, handler as POST };
