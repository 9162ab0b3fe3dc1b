import fs from "node:fs";
import path from "node:path";

/** The shared corpus directory (`OMNIAUDIT_CORPUS_DIR`, else `../shared/corpus`), or undefined when absent. */
export function corpusDir(): string | undefined {
  const dir = process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve(__dirname, "..", "..", "..", "shared", "corpus");
  return fs.existsSync(dir) ? dir : undefined;
}

export const CORPUS_MISSING = "corpus not found: set OMNIAUDIT_CORPUS_DIR or place ../shared/corpus beside the project";
