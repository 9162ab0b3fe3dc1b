import fs from "node:fs";
import path from "node:path";

/** What one step of the smoke sent and got back, as written to `responses/NN-<name>.json`. */
export type RecordedExchange = { request: { method: string; url: string; body?: unknown }; status?: number; headers?: Record<string, string>; body: unknown };

export type Recorder = {
  dir: string;
  /** Write one exchange; a string body (metrics text, object bytes as hex) is stored as is beside the JSON. */
  record(name: string, exchange: RecordedExchange): string;
};

// Only these response headers are kept: set-cookie and the like would put session secrets into the artifacts.
const KEPT_HEADERS = ["content-type", "content-length", "x-request-id", "cache-control"];

/** Keep the headers worth reading later (never cookies or credentials). */
export function keptHeaders(h: Headers): Record<string, string> {
  return Object.fromEntries(KEPT_HEADERS.flatMap((k) => (h.has(k) ? [[k, h.get(k)!]] : [])));
}

/**
 * A recorder writing numbered files under `<outDir>/responses/` (created), so the raw answers of a run can be read
 * in the order they happened.
 * @returns the recorder; `record` returns the path written, relative to `outDir`.
 */
export function createRecorder(outDir: string): Recorder {
  const dir = path.join(outDir, "responses");
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  return {
    dir,
    record(name, exchange) {
      const base = `${String(++n).padStart(2, "0")}-${name.replace(/[^a-z0-9_.-]+/gi, "_")}`;
      if (typeof exchange.body === "string") {
        fs.writeFileSync(path.join(dir, `${base}.txt`), exchange.body);
        exchange = { ...exchange, body: `(see ${base}.txt)` };
      }
      fs.writeFileSync(path.join(dir, `${base}.json`), `${JSON.stringify(exchange, null, 2)}\n`);
      return path.join("responses", `${base}.json`);
    },
  };
}
