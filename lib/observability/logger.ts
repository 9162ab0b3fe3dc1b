import pino from "pino";
import { getEnv, type Env } from "@/lib/env";

/**
 * Structured logging (DESIGN.md §7). JSON lines carry `timestamp` (ISO 8601) and `level` (label, e.g. "info") and no
 * `pid`/`hostname`; tool-call lines carry exactly `timestamp, level, request_id, tool, module, duration_ms, status,
 * error, msg` (see {@link logToolCall}). `LOG_FORMAT=plain` prints the same record as one readable line.
 */

/** Keys whose values never reach a log line, at the top level and one level down (`*.key`). */
export const REDACTED_KEYS = [
  "authorization",
  "cookie",
  "token",
  "confirmation_token",
  "password",
  "secret",
  "api_key",
  // camelCase spellings of the same secrets, as they appear in JS objects.
  "confirmationToken",
  "apiKey",
] as const;

export type LoggerOptions = { level?: Env["LOG_LEVEL"]; format?: Env["LOG_FORMAT"] };

/**
 * Build a logger writing to `dest` (default: stdout, asynchronous). Level and format default to `LOG_LEVEL` and
 * `LOG_FORMAT`; tests pass a capturing stream and explicit options.
 */
export function createLogger(dest?: pino.DestinationStream, options: LoggerOptions = {}): pino.Logger {
  const env = options.level && options.format ? undefined : getEnv();
  const level = options.level ?? env?.LOG_LEVEL ?? "info";
  const format = options.format ?? env?.LOG_FORMAT ?? "json";
  const target = dest ?? pino.destination({ sync: false });
  return pino(
    {
      level,
      base: undefined,
      messageKey: "msg",
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
    },
    format === "plain" ? plainStream(target) : target,
  );
}

let root: pino.Logger | undefined;

/** The process-wide logger (created on first use from `LOG_LEVEL` / `LOG_FORMAT`). */
export function getLogger(): pino.Logger {
  root ??= createLogger();
  return root;
}

/** One finished tool call. `durationMs` is wall time in milliseconds; `error` is the stable `AppError` code. */
export type ToolCallLogEntry = {
  requestId: string;
  tool: string;
  module: string;
  durationMs: number;
  status: "ok" | "error";
  error?: string | null;
};

/**
 * Emit the tool-call line: exactly `timestamp, level, request_id, tool, module, duration_ms, status, error, msg`
 * (`msg` = "tool call"). `error` is always present — the error code string (e.g. "RATE_LIMITED") for a failed call,
 * `null` otherwise — so every tool-call line has the same field set and `error` never carries a message or stack. Level is `info` for `ok` and `warn` for `error`.
 * Pass the root logger (not a child carrying bindings), or the fields would be duplicated; the default is the root.
 */
export function logToolCall(entry: ToolCallLogEntry, logger: pino.Logger = getLogger()): void {
  const line = {
    request_id: entry.requestId,
    tool: entry.tool,
    module: entry.module,
    duration_ms: Math.round(entry.durationMs),
    status: entry.status,
    error: entry.error ?? null,
  };
  if (entry.status === "ok") logger.info(line, "tool call");
  else logger.warn(line, "tool call");
}

/** Re-render each JSON line as `timestamp LEVEL msg key=value …` and pass it on to `target`. */
function plainStream(target: pino.DestinationStream): pino.DestinationStream {
  return {
    write(line: string) {
      try {
        const { timestamp, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" ");
        target.write(`${String(timestamp)} ${String(level).toUpperCase()} ${String(msg ?? "")}${extra ? ` ${extra}` : ""}\n`);
      } catch {
        target.write(line);
      }
    },
  };
}
