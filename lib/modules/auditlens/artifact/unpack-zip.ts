import fs from "node:fs/promises";
import type { ZipFile } from "yauzl";
import type { ObjectRef, ObjectStore } from "@/lib/object-store";
import { refHex } from "@/lib/object-store/object-ref";
import { detectFormat } from "./detect-format";
import { extractEntry } from "./extract-entry";
import { resolveLimits, type ArtifactLimits } from "./limits";
import { openZip } from "./open-zip";
import { readCentralDirectory, type ZipPlan } from "./read-central-directory";
import type { Manifest, ManifestEntry } from "./types";
import { zipRefusal } from "./zip-refusal";

export type { ArtifactLimits } from "./limits";
export { DEFAULT_ARTIFACT_LIMITS } from "./limits";
export type { Manifest, ManifestEntry, ZipRefusalReason } from "./types";

/**
 * Unpack a GitHub Actions artifact (a zip file) into the object store, safely:
 *
 * 1. The archive file must be at most `maxArchiveBytes`.
 * 2. The whole central directory is read and checked before anything is written: entry count, names (absolute,
 *    `..`, control characters), types (symlinks and other non-regular files), encryption, declared sizes per entry and
 *    in total, declared compression ratio (entries over 1 MiB), duplicate paths.
 * 3. Each file entry is streamed inflate → byte meter → `store.putStream`, re-checking the same limits on the real
 *    bytes and the CRC-32; yauzl's `validateEntrySizes` catches an entry that inflates past its declared size.
 * 4. If anything fails midway, every object this call created is deleted (objects that already existed, and so may be
 *    shared, are kept; the store reports which puts created their object). The zip file is closed on every path.
 *
 * Directory entries are counted (`directories`), not stored.
 * @param file path of the zip on local disk.
 * @param o.limits overrides for {@link DEFAULT_ARTIFACT_LIMITS} (bytes, counts, ratio).
 * @returns the manifest: file entries in archive order with path, size (bytes), sha256, ref and detected format.
 * @throws AppError VALIDATION_ERROR `{ reason, entry? }` with reason zip_bomb | path_traversal | absolute_path |
 *   link_entry | too_large | too_many_entries | malformed_zip | encrypted, and a message naming the entry and limit;
 *   VALIDATION_ERROR for a bad limit override. Filesystem and store errors propagate unchanged (after the rollback).
 */
export async function unpackZip(file: string, o: { store: ObjectStore; limits?: Partial<ArtifactLimits> }): Promise<Manifest> {
  const limits = resolveLimits(o.limits);
  const { size } = await fs.stat(file);
  if (size > limits.maxArchiveBytes) {
    throw zipRefusal("too_large", `Archive is ${size} bytes, over the limit of ${limits.maxArchiveBytes}`);
  }
  const zip = await openZip(file);
  try {
    const plan = await readCentralDirectory(zip, limits);
    return await extractAll(zip, plan, o.store, limits);
  } finally {
    zip.close();
  }
}

/** Extract every planned file; on failure delete the objects this call created, then rethrow. */
async function extractAll(zip: ZipFile, plan: ZipPlan, store: ObjectStore, limits: ArtifactLimits): Promise<Manifest> {
  const entries: ManifestEntry[] = [];
  const created: ObjectRef[] = [];
  let total = 0;
  try {
    for (const file of plan.files) {
      const put = await extractEntry(zip, file, { store, limits, totalBefore: total });
      if (put.created) created.push(put.ref);
      total += put.size;
      entries.push({ path: file.path, size: put.size, sha256: refHex(put.ref), ref: put.ref, format: detectFormat(put.head, file.path) });
    }
  } catch (e) {
    for (const ref of created) await store.delete(ref).catch(() => {});
    throw e;
  }
  return { entries, total_uncompressed_bytes: total, directories: plan.directories };
}
