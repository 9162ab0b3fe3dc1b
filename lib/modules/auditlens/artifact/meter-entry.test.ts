import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { meterEntry, type MeterState } from "./meter-entry";
import { DEFAULT_ARTIFACT_LIMITS, type ArtifactLimits } from "./limits";

const KiB = 1024;
const MiB = 1024 * KiB;

async function* source(chunks: Buffer[], failAfter?: Error) {
  yield* chunks;
  if (failAfter) throw failAfter;
}

/** Drain the meter over `chunks` as if the central directory declared `compressedSize` and `crc`. */
async function drain(chunks: Buffer[], o: { limits?: Partial<ArtifactLimits>; compressedSize?: number; crc?: number; totalBefore?: number; failAfter?: Error } = {}) {
  const state: MeterState = { size: 0, crc: 0, head: [], headBytes: 0 };
  const whole = Buffer.concat(chunks);
  const limits = { ...DEFAULT_ARTIFACT_LIMITS, ...o.limits };
  let out = 0;
  for await (const c of meterEntry(source(chunks, o.failAfter), { path: "e.bin", compressedSize: o.compressedSize ?? whole.length, crc32: o.crc ?? crc32(whole), totalBefore: o.totalBefore ?? 0, limits, state })) out += c.length;
  return { out, state };
}

// yauzl's validateEntrySizes already stops an entry that outgrows its declared size; the meter is the second line
// that holds even when a header is consistent but the limits are not (or a future reader skips that check).
describe("meterEntry: limits on the actual bytes", () => {
  it("passes bytes through, measures them and keeps the first 64 KiB", async () => {
    const chunks = [Buffer.alloc(40 * KiB, 1), Buffer.alloc(40 * KiB, 2)];
    const { out, state } = await drain(chunks);
    expect(out).toBe(80 * KiB);
    expect(state.size).toBe(80 * KiB);
    expect(Buffer.concat(state.head)).toEqual(Buffer.concat(chunks).subarray(0, 64 * KiB));
  });

  it("refuses an entry whose real bytes pass maxEntryBytes", async () => {
    await expect(drain([Buffer.alloc(600), Buffer.alloc(600)], { limits: { maxEntryBytes: 1000 } })).rejects.toMatchObject({ details: { reason: "too_large", entry: "e.bin" } });
  });

  it("refuses when the archive's real total passes maxUncompressedBytes", async () => {
    await expect(drain([Buffer.alloc(600)], { totalBefore: 500, limits: { maxUncompressedBytes: 1000 } })).rejects.toMatchObject({ details: { reason: "zip_bomb" } });
  });

  it("refuses a real ratio over maxRatio once past 1 MiB, not before", async () => {
    const zeros = [Buffer.alloc(MiB), Buffer.alloc(MiB)];
    await expect(drain(zeros, { compressedSize: 2 * KiB })).rejects.toMatchObject({ details: { reason: "zip_bomb" } });
    await expect(drain([Buffer.alloc(MiB)], { compressedSize: 1 })).resolves.toMatchObject({ out: MiB });
  });

  it("refuses a CRC-32 mismatch and maps reader errors to malformed_zip", async () => {
    await expect(drain([Buffer.from("data")], { crc: 12345 })).rejects.toMatchObject({ details: { reason: "malformed_zip" } });
    await expect(drain([Buffer.from("data")], { failAfter: new Error("invalid stored block lengths") })).rejects.toMatchObject({ details: { reason: "malformed_zip", entry: "e.bin" } });
  });
});
