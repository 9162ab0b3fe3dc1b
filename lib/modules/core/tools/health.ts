import { z } from "zod";
import { getDbHandle } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { findChromium } from "@/lib/browser/chromium";
import { defineTool } from "@/lib/runtime/define-tool";
import { SERVER_INFO } from "@/lib/version";

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`. */
export function maskUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "***";
  }
}

export const health = defineTool({
  name: "core_health",
  title: "Server health and configuration",
  description:
    "Report OmniAudit's version and how it is configured: database kind (embedded PGlite or PostgreSQL), object-store kind, job backend (Inngest or in-process), whether a Chromium for SiteLint was found, and the URL policy in force. Secrets are masked. Use it first when something fails.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({}).strict(),
  output: z.object({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    node: z.string(),
    database: z.object({ kind: z.enum(["postgres", "pglite"]), url: z.string().nullable(), ok: z.boolean() }),
    object_store: z.object({ kind: z.string() }),
    jobs: z.object({ backend: z.enum(["inngest", "in-process"]), inngest_event_key: z.enum(["set", "unset"]), inngest_base_url: z.string().nullable() }),
    chromium: z.object({ found: z.boolean(), path: z.string().nullable() }),
    url_policy: z.object({ allowlist: z.array(z.string()), denylist: z.array(z.string()) }),
  }),
  handler: async (_input, { db }) => {
    const env = getEnv();
    const { kind } = await getDbHandle();
    let dbOk = true;
    try {
      await db.execute("select 1");
    } catch {
      dbOk = false;
    }
    const chromium = findChromium() ?? null;
    return {
      status: dbOk && chromium ? ("ok" as const) : ("degraded" as const),
      version: SERVER_INFO.version,
      node: process.version,
      database: { kind, url: env.DATABASE_URL ? maskUrl(env.DATABASE_URL) : null, ok: dbOk },
      object_store: { kind: env.objectStoreBackend },
      jobs: { backend: env.jobBackend, inngest_event_key: env.INNGEST_EVENT_KEY ? ("set" as const) : ("unset" as const), inngest_base_url: env.INNGEST_BASE_URL ?? null },
      chromium: { found: !!chromium, path: chromium },
      url_policy: { allowlist: env.SITELINT_URL_ALLOWLIST, denylist: env.SITELINT_URL_DENYLIST },
    };
  },
});
