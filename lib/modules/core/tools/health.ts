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

/** How long the probed facts (Chromium location) are reused, ms: a browser installed meanwhile shows within this. */
const PROBE_TTL_MS = 10_000;
let chromiumProbe: { at: number; path: string | null } | undefined;

/** `findChromium()` (file-system probes) at most once per {@link PROBE_TTL_MS}. */
function cachedChromium(now = Date.now()): string | null {
  if (!chromiumProbe || now - chromiumProbe.at > PROBE_TTL_MS) chromiumProbe = { at: now, path: findChromium() ?? null };
  return chromiumProbe.path;
}

// The database check is live — never cached — but concurrent health calls share the one round trip in flight.
const pings = new WeakMap<object, Promise<boolean>>();
function pingDatabase(db: { execute(q: string): Promise<unknown> }): Promise<boolean> {
  let ping = pings.get(db);
  if (!ping) {
    ping = db.execute("select 1").then(
      () => true,
      () => false,
    );
    pings.set(db, ping);
    void ping.finally(() => pings.delete(db));
  }
  return ping;
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
    const dbOk = await pingDatabase(db);
    const chromium = cachedChromium();
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
