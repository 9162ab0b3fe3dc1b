import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { corpusRoot } from "@/e2e/support/corpus";
import type { ParsedFinding, ParseStats, ReportParser } from "./types";

/** The real scan-report corpus (DefectDojo's unit-test reports, read in place; never copied). */
export const findingsCorpus = path.join(corpusRoot(), "findings");

/** The corpus files of one tool, sorted; empty when the corpus is absent. */
export function corpusFiles(tool: string): string[] {
  const dir = path.join(findingsCorpus, tool);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
}

/** Run a parser to completion over bytes (optionally in small chunks, to cross every token boundary). */
export async function runParser(parse: ReportParser, bytes: Buffer | string, o: { chunk?: number } = {}): Promise<{ findings: ParsedFinding[]; stats: ParseStats }> {
  const buf = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const size = o.chunk ?? Math.max(buf.length, 1);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) chunks.push(buf.subarray(i, i + size));
  const stats: ParseStats = { itemsRead: 0 };
  const findings: ParsedFinding[] = [];
  for await (const f of parse({ stream: Readable.from(chunks) }, stats)) findings.push(f);
  return { findings, stats };
}

/** Run a parser over one corpus file. */
export function runCorpus(parse: ReportParser, tool: string, file: string) {
  return runParser(parse, fs.readFileSync(path.join(findingsCorpus, tool, file)));
}

/** The error a parser fails with on `bytes` (fails the test when it does not fail). */
export async function parseFailure(parse: ReportParser, bytes: Buffer | string): Promise<{ code?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await runParser(parse, bytes);
  } catch (e) {
    return e as { code?: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error("the parser did not fail");
}
