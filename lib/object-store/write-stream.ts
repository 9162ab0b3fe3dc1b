import fs from "node:fs/promises";
import path from "node:path";
import type { ByteSource, ObjectRef } from "./types";
import { spoolToTempFile } from "./spool-to-temp-file";

/**
 * Stream `source` into a temp file under `root` while hashing it, then link it to the content address given by
 * `fileOf` (the temp file is always removed). Memory stays constant (see `spoolToTempFile`).
 * @param maxBytes abort once the source exceeds this many bytes.
 * @returns `{ ref, size, created }`; `size` in bytes, `created` false when the object already existed.
 * @throws AppError VALIDATION_ERROR `{ reason: "too_large", limit }`, or the source's/filesystem's error. The temp
 *   file is removed on every failure path.
 */
export async function writeStreamToStore(
  root: string,
  fileOf: (ref: ObjectRef) => string,
  source: ByteSource,
  o: { maxBytes?: number } = {},
): Promise<{ ref: ObjectRef; size: number; created: boolean }> {
  // In the store root so the final link/rename stays on one filesystem (atomic).
  const spooled = await spoolToTempFile(root, source, o);
  try {
    const ref = `sha256/${spooled.hex}` as ObjectRef;
    const file = fileOf(ref);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const created = await publish(spooled.file, file);
    return { ref, size: spooled.size, created };
  } finally {
    await fs.rm(spooled.file, { force: true });
  }
}

/**
 * Make `tmp` visible at `file` unless it already exists. A hard link fails atomically when the target exists, so
 * `created` is exact even with concurrent writers of the same bytes (callers roll back only what they created).
 * Filesystems without hard links fall back to an existence check and a rename.
 */
async function publish(tmp: string, file: string): Promise<boolean> {
  try {
    await fs.link(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw e;
  }
  try {
    await fs.access(file);
    return false;
  } catch {
    await fs.rename(tmp, file);
    return true;
  }
}
