/**
 * Next.js start-up hook (Node.js runtime only; the edge runtime has no database): register OpenTelemetry tracing when
 * `OTEL_ENABLED=true`, then migrate the database and resume interrupted in-process jobs before serving. A bad
 * configuration (an invalid variable, an unreachable database) stops the process with exit code 1 and one line naming
 * the problem — Next.js would otherwise keep serving a half-started app.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    await start();
  } catch (e) {
    console.error(`[omniaudit] start-up failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

async function start(): Promise<void> {
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  if (env.OTEL_ENABLED) {
    const { registerOTel, OTLPHttpProtoTraceExporter } = await import("@vercel/otel");
    const { BatchSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
    const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
    registerOTel({
      serviceName: env.OTEL_SERVICE_NAME,
      // OTLP/HTTP (protobuf). The endpoint is a base URL and the traces path is appended, as the OTLP spec says for
      // OTEL_EXPORTER_OTLP_ENDPOINT. An explicit processor list replaces @vercel/otel's "auto" one, which would read
      // the same variable from the environment itself and export every span twice. No endpoint → the OTLP default.
      spanProcessors: [
        new BatchSpanProcessor(new OTLPHttpProtoTraceExporter({ url: `${base ?? "http://localhost:4318"}/v1/traces` })),
      ],
    });
  }
  const { bootServer } = await import("./lib/boot");
  await bootServer();
}
