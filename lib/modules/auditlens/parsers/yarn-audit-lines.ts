import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import chain from "stream-chain";
import { parser } from "stream-json";
import { streamValues } from "stream-json/streamers/stream-values.js";
import { malformedReport } from "./json-input";
import type { ParserInput } from "./types";

/**
 * The JSON values of a yarn audit output one at a time: NDJSON (yarn 1 `{type, data}` lines, yarn 4 tree lines, the
 * one-line registry answer yarn berry 2/3 prints and its `YN0000` report lines) and also pretty-printed or
 * concatenated documents (pnpm) — stream-json `jsonStreaming`, so only the current value is held in memory.
 * @throws AppError `VALIDATION_ERROR` (`reason: "malformed_report"`) naming the line and byte reached, for a line
 *   that is not JSON or a truncated value; `"empty input"` when there is no JSON value at all.
 */
export async function* yarnAuditLines(input: ParserInput, format: string): AsyncIterable<unknown> {
  const at = { bytes: 0, line: 1 };
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      at.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) at.line++;
      done(null, chunk);
    },
  });
  const values = chain([parser({ jsonStreaming: true }), streamValues()]) as unknown as NodeJS.ReadWriteStream;
  const where = () => `at or before line ${at.line} (byte ${at.bytes})`;
  const feeding = pipeline(input.stream, counter, values).catch(() => {
    throw malformedReport(format, where(), "malformed or truncated JSON");
  });
  feeding.catch(() => undefined);
  let count = 0;
  try {
    for await (const item of values as AsyncIterable<{ value: unknown }>) {
      count++;
      yield item.value;
    }
  } catch {
    await feeding;
    throw malformedReport(format, where());
  }
  await feeding;
  if (count === 0) throw malformedReport(format, `(${at.bytes} bytes read)`, "empty input, no JSON value");
}
