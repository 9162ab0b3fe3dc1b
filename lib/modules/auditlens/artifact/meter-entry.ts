import { crc32 } from "node:zlib";
import { isAppError } from "@/lib/errors";
import { DETECT_HEAD_BYTES } from "./detect-format";
import { exceedsRatio, type ArtifactLimits } from "./limits";
import { refusalFromZipError, zipRefusal } from "./zip-refusal";

/** What the meter saw of one entry: real size in bytes, CRC-32, and the first bytes for format detection. */
export type MeterState = { size: number; crc: number; head: Buffer[]; headBytes: number };

/**
 * Pass an entry's inflated bytes through while enforcing the limits on the ACTUAL bytes (central-directory sizes can
 * lie), checking the CRC-32 at the end (yauzl does not) and keeping the first {@link DETECT_HEAD_BYTES}.
 * @param o.totalBefore bytes already extracted from this archive (for `maxUncompressedBytes`).
 * @throws AppError VALIDATION_ERROR: too_large, zip_bomb (total or ratio), malformed_zip (CRC, inflate errors).
 */
export async function* meterEntry(
  src: AsyncIterable<Buffer>,
  o: { path: string; compressedSize: number; crc32: number; totalBefore: number; limits: ArtifactLimits; state: MeterState },
): AsyncGenerator<Buffer> {
  const { path, limits, state } = o;
  try {
    for await (const chunk of src) {
      state.size += chunk.length;
      if (state.size > limits.maxEntryBytes) {
        throw zipRefusal("too_large", `Archive entry inflates past the ${limits.maxEntryBytes}-byte limit per entry`, path);
      }
      if (o.totalBefore + state.size > limits.maxUncompressedBytes) {
        throw zipRefusal("zip_bomb", `Archive inflates past ${limits.maxUncompressedBytes} bytes in total`, path);
      }
      if (exceedsRatio(state.size, o.compressedSize, limits.maxRatio)) {
        throw zipRefusal("zip_bomb", `Archive entry inflates past a compression ratio of ${limits.maxRatio}`, path);
      }
      state.crc = crc32(chunk, state.crc);
      if (state.headBytes < DETECT_HEAD_BYTES) {
        const part = chunk.subarray(0, DETECT_HEAD_BYTES - state.headBytes);
        state.head.push(Buffer.from(part));
        state.headBytes += part.length;
      }
      yield chunk;
    }
  } catch (e) {
    throw isAppError(e) ? e : refusalFromZipError(e, path);
  }
  if (state.crc !== o.crc32 >>> 0) throw zipRefusal("malformed_zip", "Archive entry fails its CRC-32 check", path);
}
