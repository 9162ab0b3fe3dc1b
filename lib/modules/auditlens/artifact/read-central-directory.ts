import type { Entry, ZipFile } from "yauzl";
import { checkEntry } from "./check-entry";
import type { ArtifactLimits } from "./limits";
import { refusalFromZipError, zipRefusal } from "./zip-refusal";

/** The checked plan for an archive: files to extract (archive order), directory entries, declared total bytes. */
export type ZipPlan = { files: { path: string; entry: Entry }[]; directories: number; declaredBytes: number };

/**
 * Read and check the whole central directory before anything is extracted (see `checkEntry` for the per-entry
 * rules). Duplicate paths are refused too: the manifest could not say which copy it holds.
 * @throws AppError VALIDATION_ERROR: too_many_entries, zip_bomb (declared total over `maxUncompressedBytes`), any
 *   `checkEntry` reason, or malformed_zip.
 */
export async function readCentralDirectory(zip: ZipFile, limits: ArtifactLimits): Promise<ZipPlan> {
  if (zip.entryCount > limits.maxEntries) {
    throw zipRefusal("too_many_entries", `Archive has ${zip.entryCount} entries, over the limit of ${limits.maxEntries}`);
  }
  const plan: ZipPlan = { files: [], directories: 0, declaredBytes: 0 };
  const seen = new Set<string>();
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.removeAllListeners("entry");
      reject(e);
    };
    zip.on("entry", (entry: Entry) => {
      try {
        // The EOCD count can disagree with the records actually present; count what we read.
        if (++count > limits.maxEntries) throw zipRefusal("too_many_entries", `Archive has over ${limits.maxEntries} entries`);
        const checked = checkEntry(entry, limits);
        const key = checked.path.replace(/\/+$/, "");
        if (seen.has(key)) throw zipRefusal("malformed_zip", "Archive has two entries with the same path", checked.path);
        seen.add(key);
        if (checked.kind === "directory") plan.directories++;
        else {
          plan.declaredBytes += entry.uncompressedSize;
          if (plan.declaredBytes > limits.maxUncompressedBytes) {
            throw zipRefusal("zip_bomb", `Archive declares more than ${limits.maxUncompressedBytes} uncompressed bytes in total`, checked.path);
          }
          plan.files.push({ path: checked.path, entry });
        }
        zip.readEntry();
      } catch (e) {
        fail(e);
      }
    });
    zip.once("end", () => resolve());
    zip.once("error", (e: unknown) => fail(refusalFromZipError(e)));
    zip.readEntry();
  });
  return plan;
}
