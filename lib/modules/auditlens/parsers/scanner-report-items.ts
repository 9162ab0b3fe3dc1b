import { pipeline, Transform } from "node:stream";
import { AppError } from "@/lib/errors";
import { streamJsonValues } from "./json-input";
import type { ParserInput } from "./types";

/** Where a report keeps its items: a top-level array (`null` allowed: Gitleaks' "nothing found"), or an object key. */
export type ReportShape = { array: true; allowNull?: boolean } | { key: string };

type Top = "array" | "object" | "null" | "scalar";
const TOP_NAMES: Record<Top, string> = { array: "an array", object: "an object", null: "null", scalar: "a string, number or boolean" };

/** The VALIDATION_ERROR for well-formed JSON that is not a report of `format` (`reason: "wrong_shape"`). */
export function notAReport(format: string, why: string): AppError {
  return new AppError("VALIDATION_ERROR", `The input is not ${/^[aeiou]/i.test(format) ? "an" : "a"} ${format} report (${why}).`, { reason: "wrong_shape", format });
}

/**
 * The item filter, which also watches the paths stream-json's `pick` asks about (json-input calls `test` with each
 * value's path): that is how a missing or non-array `key` is told apart from an empty one without assembling it.
 */
class ItemFilter extends RegExp {
  sawKey = false;
  keyNotArray = false;
  readonly key: string | undefined;

  constructor(key: string | undefined) {
    super(key === undefined ? String.raw`^\d+$` : String.raw`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\.\d+$`);
    this.key = key;
  }

  override test(path: string): boolean {
    if (this.key !== undefined && path === this.key) this.sawKey = true;
    else if (this.key !== undefined && path.startsWith(`${this.key}.`) && !/^\d+(?:\.|$)/.test(path.slice(this.key.length + 1))) this.keyNotArray = true;
    return super.test(path);
  }
}

/** Passes bytes through; decides from the first significant byte (after a BOM and whitespace) what the top level is. */
function topSniffer(check: (top: Top) => AppError | undefined, state: { top?: Top; error?: AppError }): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (let i = 0; state.top === undefined && i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0xef || b === 0xbb || b === 0xbf) continue;
        state.top = b === 0x5b ? "array" : b === 0x7b ? "object" : b === 0x6e ? "null" : "scalar";
        state.error = check(state.top);
        if (state.error) return done(state.error);
      }
      done(null, chunk);
    },
  });
}

/**
 * Stream the items of a scanner's JSON report one at a time ({@link streamJsonValues}: the report is never one string
 * nor one object graph), checking its shape as it goes: a top level of the wrong type stops the read at its first
 * byte; for `{ key }` a missing `key`, or one that is not an array, is reported once the document ends.
 * @returns the items' values, in document order (not validated: each parser checks its own item shape).
 * @throws AppError `VALIDATION_ERROR` — json-input's `malformed_report` for truncated/malformed JSON, or
 *   {@link notAReport} (`wrong_shape`) naming what was found.
 */
export async function* streamReportItems(input: ParserInput, o: { format: string; shape: ReportShape }): AsyncIterable<unknown> {
  const key = "key" in o.shape ? o.shape.key : undefined;
  const allowNull = "array" in o.shape && o.shape.allowNull === true;
  const expected = key === undefined ? `an array${allowNull ? " or null" : ""}` : `an object with a "${key}" array`;
  const state: { top?: Top; error?: AppError } = {};
  const sniffer = topSniffer(
    (top) => (top === (key === undefined ? "array" : "object") || (top === "null" && allowNull) ? undefined : notAReport(o.format, `the top level is ${TOP_NAMES[top]}, expected ${expected}`)),
    state,
  );
  // Errors of the source reach the sniffer (pipeline destroys it with them), hence json-input's pipeline.
  const stream = pipeline(input.stream, sniffer, () => undefined);
  const filter = new ItemFilter(key);
  try {
    for await (const { value } of streamJsonValues({ ...input, stream }, { format: o.format, filter })) yield value;
  } catch (e) {
    throw state.error ?? e;
  }
  if (key !== undefined && filter.keyNotArray) throw notAReport(o.format, `"${key}" is not an array`);
  if (key !== undefined && !filter.sawKey) throw notAReport(o.format, `no "${key}" array`);
}
