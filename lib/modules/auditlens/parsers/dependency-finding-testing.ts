import fs from "node:fs";
import path from "node:path";
import type { ReportParser } from "./types";
import { findingsCorpus, parseFailure, runParser } from "./scanner-report-testing";

/** Test support for the dependency-scanner parsers, in the terms their tests use (see `scanner-report-testing.ts`). */
export const corpusDir = findingsCorpus;

/** The files of one corpus folder, sorted; empty (and a warning) when the corpus is absent. */
export function corpusFolder(folder: string): string[] {
  const dir = path.join(corpusDir, folder);
  if (fs.existsSync(dir)) return fs.readdirSync(dir).sort();
  console.warn(`${folder} corpus tests skipped: no corpus at ${dir} (set OMNIAUDIT_CORPUS_DIR)`);
  return [];
}

/** Parse bytes to the end, fed in `chunk`-byte pieces (default: one piece) so streaming crosses token boundaries. */
export const parseAll = (parse: ReportParser, bytes: Buffer | string, chunk?: number) => runParser(parse, bytes, { chunk });

/** The bytes of one corpus file. */
export const corpusBytes = (folder: string, file: string) => fs.readFileSync(path.join(corpusDir, folder, file));

/** Parse one corpus file. */
export const parseCorpus = (parse: ReportParser, folder: string, file: string, chunk?: number) => parseAll(parse, corpusBytes(folder, file), chunk);

/** The error parsing `bytes` throws (a test failure when it does not throw). */
export const parseError = parseFailure;
