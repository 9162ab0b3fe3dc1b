import net from "node:net";
import { ensureInitialOperatorPassword } from "@/lib/auth/operator-password";
import { getDbHandle } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { registerJobs } from "@/lib/jobs/job-registry";
import { scheduleLocalJobs } from "@/lib/jobs/run-local-job";
import { assertPolicyEntries } from "@/lib/net/url-policy";
import { getLogger } from "@/lib/observability/logger";

/**
 * Hand the job definitions (and the Inngest client's `send`) to `lib/jobs`, which never imports `inngest/` itself.
 * Imported here, after the environment was validated: `inngest/client.ts` reads it when it loads, and a bad setting
 * must stop start-up with its one-line message rather than fail a module import.
 */
async function wireJobs(): Promise<void> {
  const [{ jobDefinitionList }, { inngest }] = await Promise.all([import("@/inngest"), import("@/inngest/client")]);
  registerJobs({ definitions: jobDefinitionList, send: (e) => inngest.send(e) });
}

/** Addresses this process's HTTP servers listen on (Next's own server, in `next start`); empty when unknown. */
function listeningAddresses(): string[] {
  // Node has no public API listing a process's servers; the active-handles list is stable across Node 18-24.
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles
    .filter((h): h is net.Server => h instanceof net.Server && h.listening)
    .map((s) => s.address())
    .flatMap((a) => (a && typeof a === "object" ? [a.address] : []));
}

const isLoopback = (a: string) => /^(127\.|::1$|::ffff:127\.|localhost$)/.test(a);

/**
 * With `MCP_AUTH_MODE=none` every caller is `anonymous` — one shared rate-limit bucket, and anyone who can reach the
 * endpoint can redeem a token an operator approved. Fine on loopback; say so loudly when the server listens beyond it
 * (or its public URL is not a loopback URL).
 */
export function warnIfOpenWithoutAuth(env = getEnv(), addresses = listeningAddresses()): boolean {
  if (env.MCP_AUTH_MODE !== "none") return false;
  const publicHost = new URL(env.baseUrl).hostname.replace(/^\[|\]$/g, "");
  const exposed = addresses.some((a) => !isLoopback(a)) || !isLoopback(publicHost);
  if (exposed) {
    getLogger().warn(
      { listening: addresses, public_base_url: env.baseUrl },
      "MCP_AUTH_MODE=none while the server is reachable beyond loopback: every MCP caller is 'anonymous' (one shared rate limit, and any caller can redeem a confirmation another caller's request was approved for). Set MCP_AUTH_MODE=api_key, or listen on 127.0.0.1 only.",
    );
  }
  return exposed;
}

/** OpenTelemetry traces over OTLP/HTTP when `OTEL_ENABLED=true` (before anything else loads, so spans cover it). */
async function registerTelemetry(env: ReturnType<typeof getEnv>): Promise<void> {
  if (!env.OTEL_ENABLED) return;
  const { registerOTel, OTLPHttpProtoTraceExporter } = await import("@vercel/otel");
  const { BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  registerOTel({
    serviceName: env.OTEL_SERVICE_NAME,
    // OTLP/HTTP (protobuf). The endpoint is a base URL and the traces path is appended, as the OTLP spec says for
    // OTEL_EXPORTER_OTLP_ENDPOINT. An explicit processor list replaces @vercel/otel's "auto" one, which would read
    // the same variable from the environment itself and export every span twice. No endpoint → the OTLP default.
    spanProcessors: [new BatchSpanProcessor(new OTLPHttpProtoTraceExporter({ url: `${base ?? "http://localhost:4318"}/v1/traces` }))],
  });
}

/**
 * `instrumentation.ts`'s whole job: telemetry, then {@link bootServer}. A bad configuration (an invalid variable, an
 * unreachable database) stops the process with exit code 1 and one line naming the problem — Next.js would otherwise
 * keep serving a half-started app.
 */
export async function startServerOrExit(): Promise<void> {
  try {
    const env = getEnv();
    await registerTelemetry(env);
    await bootServer();
  } catch (e) {
    console.error(`[omniaudit] start-up failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

/**
 * Server start-up (the composition root, with `instrumentation.ts`): validate the environment, wire the jobs, open
 * and migrate the database, make sure an operator can sign in, and start the in-process job runner, which resumes
 * jobs a previous process left running (their leases expire after `JOB_LEASE_MS`).
 * @throws when the environment is invalid or the database cannot be migrated (the server must not start half-ready).
 */
export async function bootServer(): Promise<void> {
  const env = getEnv();
  assertPolicyEntries(env.sitelintUrlPolicy);
  // A bad MCP_OAUTH_URL_ALLOWLIST entry stops start-up instead of surfacing on the first token.
  if (env.mcpOAuth) assertPolicyEntries(env.mcpOAuth.urlPolicy);
  await wireJobs();
  const { kind } = await getDbHandle();
  // Creates (and says where to find) a first operator password when none is configured; never logs the password.
  ensureInitialOperatorPassword();
  scheduleLocalJobs();
  // The production server (scripts/serve.mjs) answers /mcp with this listener ahead of Next.js's router.
  const { installMcpFrontDoor } = await import("@/lib/tools/mcp-front-door");
  installMcpFrontDoor();
  warnIfOpenWithoutAuth(env);
  getLogger().info({ db: kind, jobs: env.jobBackend, data_dir: env.dataDir }, "omniaudit ready");
}
