import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { ParsedFinding, ParseStats, ReportParser } from "./types";

/** Test support for the dependency-scanner parsers: the real corpus (read in place, never copied) and a runner. */
export const corpusDir = path.join(process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve("../shared/corpus"), "findings");

/** The files of one corpus folder, sorted; empty (and a warning) when the corpus is absent. */
export function corpusFolder(folder: string): string[] {
  const dir = path.join(corpusDir, folder);
  if (fs.existsSync(dir)) return fs.readdirSync(dir).sort();
  console.warn(`${folder} corpus tests skipped: no corpus at ${dir} (set OMNIAUDIT_CORPUS_DIR)`);
  return [];
}

/** Parse bytes to the end, fed in `chunk`-byte pieces (default: one piece) so streaming crosses token boundaries. */
export async function parseAll(parse: ReportParser, bytes: Buffer | string, chunk?: number): Promise<{ findings: ParsedFinding[]; stats: ParseStats }> {
  const buf = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const size = chunk ?? Math.max(buf.length, 1);
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) pieces.push(buf.subarray(i, i + size));
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parse({ stream: Readable.from(pieces) }, stats)) findings.push(f);
  return { findings, stats };
}

/** The bytes of one corpus file. */
export const corpusBytes = (folder: string, file: string) => fs.readFileSync(path.join(corpusDir, folder, file));

/** Parse one corpus file. */
export const parseCorpus = (parse: ReportParser, folder: string, file: string, chunk?: number) => parseAll(parse, corpusBytes(folder, file), chunk);

/** The error parsing `bytes` throws (a test failure when it does not throw). */
export async function parseError(parse: ReportParser, bytes: Buffer | string): Promise<{ code?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await parseAll(parse, bytes);
  } catch (e) {
    return e as { code?: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error("expected the parser to throw");
}
