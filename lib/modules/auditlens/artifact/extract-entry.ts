import { PassThrough, type Readable } from "node:stream";
import type { Entry, ZipFile } from "yauzl";
import type { ObjectStore, StreamPutResult } from "@/lib/object-store";
import type { ArtifactLimits } from "./limits";
import { meterEntry, type MeterState } from "./meter-entry";
import { refusalFromZipError } from "./zip-refusal";

/**
 * Open an entry's inflated stream behind a PassThrough. yauzl's stream starts inflating (and can fail) before anyone
 * reads it, and it forwards zlib errors with a bare `emit("error")` from `setImmediate`, so: one listener for the
 * stream's whole life (no uncaught late errors), and the first error destroys the PassThrough, where a reader that
 * starts later still finds it (`errored`; async iteration rethrows it).
 */
function openEntryStream(zip: ZipFile, entry: Entry, path: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(refusalFromZipError(err, path));
      const out = new PassThrough();
      // Until putStream starts reading (after its own awaits), nobody else listens: the stored error is not lost.
      out.on("error", () => {});
      stream.on("error", (e) => out.destroy(e));
      out.once("close", () => stream.destroy());
      resolve(stream.pipe(out));
    });
  });
}

/**
 * Stream one file entry into the store: inflate → meter → `store.putStream` (never the whole entry in memory).
 * @returns the put result (`created` false when the object already existed) and the entry's first bytes.
 * @throws AppError VALIDATION_ERROR as `meterEntry`, or yauzl's errors mapped by `refusalFromZipError`.
 */
export async function extractEntry(
  zip: ZipFile,
  file: { path: string; entry: Entry },
  o: { store: ObjectStore; limits: ArtifactLimits; totalBefore: number },
): Promise<StreamPutResult & { head: Buffer }> {
  const { path, entry } = file;
  const stream = await openEntryStream(zip, entry, path);
  const state: MeterState = { size: 0, crc: 0, head: [], headBytes: 0 };
  const metered = meterEntry(stream, { path, compressedSize: entry.compressedSize, crc32: entry.crc32, totalBefore: o.totalBefore, limits: o.limits, state });
  try {
    const put = await o.store.putStream(metered, { maxBytes: o.limits.maxEntryBytes });
    return { ...put, head: Buffer.concat(state.head) };
  } finally {
    stream.destroy();
  }
}
