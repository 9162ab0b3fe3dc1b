import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const inngestHandler = serve({ client: inngest, functions });

/**
 * Inngest's endpoint when an Inngest server is configured (`INNGEST_EVENT_KEY`, `INNGEST_BASE_URL` or `INNGEST_DEV`);
 * otherwise 404 `NOT_FOUND` saying jobs run in-process (Inngest's SDK would answer 500 for lack of a signing key).
 */
const handler = route({ name: "/api/inngest", auth: "none" }, async ({ req }) => {
  if (getEnv().jobBackend !== "inngest") {
    throw new AppError("NOT_FOUND", "Inngest is not configured: jobs run in-process. Set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (or INNGEST_DEV / INNGEST_BASE_URL) to serve functions here.");
  }
  const method = req.method as "GET" | "POST" | "PUT";
  return inngestHandler[method](req as never, undefined as never);
});

export { handler as GET, handler as POST, handler as PUT };
