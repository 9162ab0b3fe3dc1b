import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { withToolSpan } from "./tracing";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);

beforeEach(() => exporter.reset());
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
});

const who = { requestId: "req-42", principal: "alice" };

describe("withToolSpan", () => {
  it("records one span per successful call with the tool attributes and status OK", async () => {
    const result = await withToolSpan("sitelint_get_scan", who, async () => ({ content: [], structuredContent: { ok: 1 } }));
    expect(result.structuredContent).toEqual({ ok: 1 });
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    expect(span!.name).toBe("tool sitelint_get_scan");
    expect(span!.kind).toBe(SpanKind.INTERNAL);
    expect(span!.attributes).toEqual({
      "omniaudit.tool": "sitelint_get_scan",
      "omniaudit.request_id": "req-42",
      "enduser.id": "alice",
      "omniaudit.status": "ok",
    });
    expect(span!.status.code).toBe(SpanStatusCode.OK);
    expect(span!.instrumentationScope.name).toBe("omniaudit");
  });

  it("marks an isError result as an error with its code", async () => {
    const failed = { content: [{ type: "text", text: "Error RATE_LIMITED" }], isError: true, _meta: { "omniaudit/error": { code: "RATE_LIMITED" } } };
    await withToolSpan("sitelint_start_scan", who, async () => failed);
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes).toMatchObject({ "omniaudit.status": "error", "error.type": "RATE_LIMITED" });
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "RATE_LIMITED" });
  });

  it("accepts a caller-supplied classifier", async () => {
    await withToolSpan("core_x", who, async () => ({ state: "failed" }), (r) => (r.state === "failed" ? "JOB_FAILED" : undefined));
    await withToolSpan("core_x", who, async () => ({ state: "done" }), (r) => r.state === "failed");
    const [bad, good] = exporter.getFinishedSpans();
    expect(bad!.attributes["omniaudit.status"]).toBe("error");
    expect(bad!.status.message).toBe("JOB_FAILED");
    expect(good!.attributes["omniaudit.status"]).toBe("ok");
  });

  it("records a thrown error, sets status ERROR and re-throws", async () => {
    await expect(withToolSpan("core_boom", who, async () => Promise.reject(new TypeError("kaput")))).rejects.toThrow("kaput");
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes).toMatchObject({ "omniaudit.status": "error", "error.type": "TypeError" });
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "kaput" });
    expect(span!.events.map((e) => e.name)).toEqual(["exception"]);
    expect(span!.ended).toBe(true);
  });
});
