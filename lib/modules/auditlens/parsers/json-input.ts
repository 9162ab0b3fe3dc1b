import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import chain from "stream-chain";
import { parser } from "stream-json";
import { pick } from "stream-json/filters/pick.js";
import { streamValues } from "stream-json/streamers/stream-values.js";
import { AppError } from "@/lib/errors";
import type { ParserInput } from "./types";

/** Bytes read so far, so a parse error can say where the report broke. */
function byteCounter() {
  const counter = { bytes: 0, stage: null as unknown as Transform };
  counter.stage = new Transform({
    transform(chunk: Buffer, _enc, done) {
      counter.bytes += chunk.length;
      done(null, chunk);
    },
  });
  return counter;
}

/** The VALIDATION_ERROR for a report that is not well-formed JSON of its format (never the parser's raw text). */
export function malformedReport(format: string, where: string, why?: string): AppError {
  return new AppError("VALIDATION_ERROR", `The ${format} report is not valid: ${why ?? "malformed JSON"} ${where}.`, { reason: "malformed_report", format });
}

/**
 * Stream the JSON sub-values of a report whose path matches `filter` (stream-json `pick`; paths are keys joined by
 * `.`, array indexes as numbers: `runs.0.results.12`), each assembled on its own — a 200 MB SARIF is never one string
 * nor one object graph; only the current item is. Values outside the filter are skipped token by token.
 * @param filter a path regex such as `/^runs\.\d+\.results\.\d+$/`, or a key path string.
 * @returns an async iterable of `{ path, value }`, in document order.
 * @throws AppError `VALIDATION_ERROR` (`reason: "malformed_report"`) naming the format and the byte offset reached,
 *   for truncated or malformed JSON.
 */
export async function* streamJsonValues(input: ParserInput, o: { format: string; filter: RegExp | string }): AsyncIterable<{ path: string; value: unknown }> {
  const counter = byteCounter();
  // `pick` consults the filter once at the start of each value it picks: queue those paths, in document order.
  const paths: string[] = [];
  const picked = chain([
    // Packed tokens only (no per-chunk string/number tokens): the assembler needs nothing more, and it halves the work.
    parser({ streamValues: false }),
    pick({
      filter: (s: readonly (string | number | null)[]) => {
        const p = s.join(".");
        const hit = typeof o.filter === "string" ? p === o.filter : o.filter.test(p);
        if (hit) paths.push(p);
        return hit;
      },
    }),
    streamValues(),
  ]) as unknown as NodeJS.ReadWriteStream;
  const feeding = pipeline(input.stream, counter.stage, picked).catch((e: unknown) => {
    throw malformedReport(o.format, `at or before byte ${counter.bytes}`, e instanceof Error && /pars|token|expected|unexpected/i.test(e.message) ? "malformed or truncated JSON" : undefined);
  });
  feeding.catch(() => undefined);
  try {
    for await (const item of picked as AsyncIterable<{ key: number; value: unknown }>) yield { path: paths.shift() ?? String(item.key), value: item.value };
  } catch {
    await feeding;
    throw malformedReport(o.format, `at or before byte ${counter.bytes}`);
  }
  await feeding;
}

/**
 * Read a whole report as one JSON value, for formats whose documents stay small (ESLint, Bandit, …) — at most
 * `maxBytes` (default 32 MiB; larger reports need {@link streamJsonValues}).
 * @throws AppError `VALIDATION_ERROR` (`reason: "malformed_report"` with the position JSON.parse stopped at, or
 *   `reason: "too_large"`).
 */
export async function readWholeJson(input: ParserInput, o: { format: string; maxBytes?: number }): Promise<unknown> {
  const max = o.maxBytes ?? 32 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input.stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new AppError("VALIDATION_ERROR", `The ${o.format} report is larger than ${max} bytes.`, { reason: "too_large", format: o.format, limit: max });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : "")?.[1];
    throw malformedReport(o.format, at ? `at character ${at}` : `(${size} bytes read)`, text.trim() === "" ? "empty input" : undefined);
  }
}
