import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { hashFile } from "./hash-file";
import { refHex } from "./object-ref";
import type { ObjectStore } from "./types";

/** One object's outcome: `present` (already in S3: skipped, which makes a re-run resume), `copied`, or `failed`. */
export type MigrationStep = { index: number; total: number; ref: string; size: number; outcome: "copied" | "present" | "failed" | "would_copy"; error?: string };
/** Counts (objects), `bytesCopied` (bytes) and `seconds` of a run. */
export type MigrationSummary = { total: number; copied: number; present: number; failed: number; bytesCopied: number; seconds: number };

async function sha256OfStream(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest("hex");
}

/** Every `<root>/sha256/<aa>/<hex>` file (temp files and strays skipped), sorted. */
async function localObjects(root: string): Promise<{ hex: string; file: string }[]> {
  const dir = path.join(root, "sha256");
  const fans = await fs.readdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? [] : Promise.reject(e)));
  const out: { hex: string; file: string }[] = [];
  for (const fan of fans.filter((f) => /^[0-9a-f]{2}$/.test(f)).sort()) {
    for (const hex of (await fs.readdir(path.join(dir, fan))).sort()) {
      if (/^[0-9a-f]{64}$/.test(hex) && hex.startsWith(fan)) out.push({ hex, file: path.join(dir, fan, hex) });
    }
  }
  return out;
}

/**
 * Copy the local object store (`localRoot`, layout `sha256/<aa>/<hex>`) into S3 (`target`, the S3-only store), for
 * `npm run objects:migrate`. Not needed for correctness — the `s3` backend reads local refs anyway — but it lets the
 * local directory go. Per object: skip it when S3 already has the same hash (so an interrupted run resumes where it
 * stopped), else check that the file's content hashes to its name, stream it up (`putFile`) and read the S3 copy back
 * hashing it; a mismatch is `failed` (and an object this run created for it is deleted). Refs do not change: the local
 * `sha256/<hex>` refs keep resolving through dual-read, now from S3 once the local file is gone.
 * @param o.onProgress called after each object, in order.
 * @param o.dryRun only report what would be copied.
 * @returns the counts; `failed` > 0 means some objects need attention (the others are copied and verified).
 */
export async function migrateLocalObjects(o: { localRoot: string; target: ObjectStore; onProgress?: (step: MigrationStep) => void; dryRun?: boolean }): Promise<MigrationSummary> {
  const started = Date.now();
  const objects = await localObjects(o.localRoot);
  const sum: MigrationSummary = { total: objects.length, copied: 0, present: 0, failed: 0, bytesCopied: 0, seconds: 0 };
  for (const [i, { hex, file }] of objects.entries()) {
    const ref = `sha256/${hex}`;
    const step: MigrationStep = { index: i + 1, total: objects.length, ref, size: (await fs.stat(file)).size, outcome: "present" };
    try {
      if (await o.target.has(ref)) sum.present++;
      else if (o.dryRun) step.outcome = "would_copy";
      else {
        if ((await hashFile(file)).hex !== hex) throw new Error("the local file's content does not hash to its name (corrupt local object; not copied)");
        const put = await o.target.putFile(file);
        if (refHex(put.ref) !== hex || (await sha256OfStream(o.target.openRead(put.ref))) !== hex) {
          if (put.created) await o.target.delete(put.ref);
          throw new Error("the S3 copy does not hash to the object's name (removed; run again)");
        }
        step.outcome = "copied";
        sum.copied++;
        sum.bytesCopied += put.size;
      }
    } catch (e) {
      step.outcome = "failed";
      // An operator's CLI: the full message (an fs path, an S3 status) is what they need.
      step.error = e instanceof Error ? e.message : String(e);
      sum.failed++;
    }
    o.onProgress?.(step);
  }
  sum.seconds = (Date.now() - started) / 1000;
  return sum;
}
