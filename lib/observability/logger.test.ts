import { describe, expect, it } from "vitest";
import { createLogger, logToolCall, REDACTED_KEYS } from "./logger";

/** A destination that keeps every written line. */
function capture() {
  const lines: string[] = [];
  return { lines, dest: { write: (s: string) => void lines.push(s) } };
}

describe("logToolCall", () => {
  it("emits exactly the tool-call fields", () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, { level: "info", format: "json" });
    logToolCall({ requestId: "req-1", tool: "sitelint_start_scan", module: "sitelint", durationMs: 12.6, status: "error", error: "RATE_LIMITED" }, log);
    logToolCall({ requestId: "req-2", tool: "core_ping", module: "core", durationMs: 3, status: "ok" }, log);
    expect(lines).toHaveLength(2);
    const [failed, ok] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const fields = ["timestamp", "level", "request_id", "tool", "module", "duration_ms", "status", "error", "msg"].sort();
    expect(Object.keys(failed!).sort()).toEqual(fields);
    expect(Object.keys(ok!).sort()).toEqual(fields);
    expect(failed).toMatchObject({ level: "warn", request_id: "req-1", tool: "sitelint_start_scan", module: "sitelint", duration_ms: 13, status: "error", error: "RATE_LIMITED", msg: "tool call" });
    expect(ok).toMatchObject({ level: "info", status: "ok", error: null, duration_ms: 3 });
    expect(new Date(String(ok!.timestamp)).toISOString()).toBe(ok!.timestamp);
  });

  it("prints a readable line in plain format", () => {
    const { lines, dest } = capture();
    logToolCall({ requestId: "r", tool: "core_ping", module: "core", durationMs: 1, status: "ok" }, createLogger(dest, { level: "info", format: "plain" }));
    expect(lines[0]).toMatch(/^\S+Z INFO tool call request_id=r tool=core_ping module=core duration_ms=1 status=ok error=null\n$/);
  });
});

describe("redaction", () => {
  it("redacts secrets at the top level and one level down", () => {
    const { lines, dest } = capture();
    const log = createLogger(dest, { level: "info", format: "json" });
    const secrets = Object.fromEntries(REDACTED_KEYS.map((k) => [k, `leak-${k}`]));
    log.info({ ...secrets, headers: { ...secrets, accept: "text/html" }, user: "alice" }, "request");
    const line = lines[0]!;
    expect(line).not.toContain("leak-");
    const parsed = JSON.parse(line) as Record<string, unknown> & { headers: Record<string, unknown> };
    for (const k of ["authorization", "cookie", "token", "confirmation_token", "password", "secret", "api_key"]) {
      expect(parsed[k]).toBe("[redacted]");
      expect(parsed.headers[k]).toBe("[redacted]");
    }
    expect(parsed.headers.accept).toBe("text/html");
    expect(parsed.user).toBe("alice");
  });

  it("redacts in plain format too", () => {
    const { lines, dest } = capture();
    createLogger(dest, { level: "info", format: "plain" }).info({ req: { authorization: "Bearer abc" } }, "x");
    expect(lines[0]).toContain('req={"authorization":"[redacted]"}');
    expect(lines[0]).not.toContain("Bearer");
  });
});
