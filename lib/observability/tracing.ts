import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";

/**
 * OpenTelemetry spans for tool calls. Uses only `@opentelemetry/api`, so without a registered provider (OTEL_ENABLED
 * unset; see `instrumentation.ts`) every call is a cheap no-op.
 */
const TRACER_NAME = "omniaudit";

/** Who made the call, under which request id. `principal` becomes `enduser.id`. */
export type ToolSpanAttributes = { requestId: string; principal: string };

/**
 * Decides whether a result is a failure and, if so, its error code (string) — `false`/`undefined` means success.
 * The default, {@link detectToolError}, reads an MCP `ToolCallResult`.
 */
export type ToolResultClassifier<T> = (result: T) => string | boolean | undefined;

/**
 * Default classifier: a result object with `isError: true` is a failure; its code is taken from
 * `_meta["omniaudit/error"].code` (as `errorResult` in run-tool builds it) when present. Anything else is a success.
 */
export function detectToolError(result: unknown): string | boolean | undefined {
  if (typeof result !== "object" || result === null || (result as { isError?: unknown }).isError !== true) return undefined;
  const meta = (result as { _meta?: Record<string, unknown> })._meta?.["omniaudit/error"];
  const code = typeof meta === "object" && meta !== null ? (meta as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : true;
}

/**
 * Run `fn` inside one span named `tool <name>` (kind INTERNAL, active for `fn` so nested spans — DB, fetch — become
 * children). Attributes: `omniaudit.tool`, `omniaudit.request_id`, `enduser.id`, and after `fn` settles
 * `omniaudit.status` = "ok" | "error". A failure — `classify(result)` truthy (default {@link detectToolError}: an
 * `isError: true` result) or `fn` throwing — sets span status ERROR with the error code (or exception message) as
 * description and `error.type` = the code; a success sets status OK. A thrown error is recorded and re-thrown.
 * @returns whatever `fn` returns.
 */
export async function withToolSpan<T>(
  tool: string,
  attrs: ToolSpanAttributes,
  fn: () => Promise<T>,
  classify: ToolResultClassifier<T> = detectToolError,
): Promise<T> {
  const tracer = trace.getTracer(TRACER_NAME);
  const attributes = { "omniaudit.tool": tool, "omniaudit.request_id": attrs.requestId, "enduser.id": attrs.principal };
  return tracer.startActiveSpan(`tool ${tool}`, { kind: SpanKind.INTERNAL, attributes }, async (span: Span) => {
    try {
      const result = await fn();
      const failure = classify(result);
      if (failure) markError(span, typeof failure === "string" ? failure : "tool_error");
      else {
        span.setAttribute("omniaudit.status", "ok");
        span.setStatus({ code: SpanStatusCode.OK });
      }
      return result;
    } catch (e) {
      span.recordException(e instanceof Error ? e : String(e));
      markError(span, e instanceof Error ? e.name : "exception", e instanceof Error ? e.message : String(e));
      throw e;
    } finally {
      span.end();
    }
  });
}

function markError(span: Span, type: string, message: string = type): void {
  span.setAttribute("omniaudit.status", "error");
  span.setAttribute("error.type", type);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
