import pino from "pino";
import { getEnv } from "@/lib/env";

/**
 * Structured logger. JSON lines carry `timestamp`, `level` (label) and, per tool call, `request_id, tool, module,
 * duration_ms, status, error` (DESIGN.md §7). `LOG_FORMAT=plain` prints one readable line instead.
 */
let root: pino.Logger | undefined;

export function getLogger(): pino.Logger {
  if (root) return root;
  const env = getEnv();
  const plain = env.LOG_FORMAT === "plain";
  root = pino(
    {
      level: env.LOG_LEVEL,
      base: undefined,
      messageKey: "msg",
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["token", "*.token", "authorization", "*.authorization", "confirmation_token", "*.confirmation_token", "secret", "*.secret"],
        censor: "[redacted]",
      },
    },
    plain ? plainStream() : pino.destination({ sync: false }),
  );
  return root;
}

function plainStream(): pino.DestinationStream {
  return {
    write(line: string) {
      try {
        const { timestamp, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.entries(rest)
          .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
          .join(" ");
        process.stdout.write(`${timestamp} ${String(level).toUpperCase()} ${msg ?? ""} ${extra}\n`);
      } catch {
        process.stdout.write(line);
      }
    },
  };
}
