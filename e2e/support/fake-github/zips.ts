import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { junitXml, readme, sarifReport } from "./reports";
import type { BlobSource } from "./state";
import { entry, type RawEntry, S_IFLNK, zipLayout } from "./zip-writer";

export type Archive = { source: BlobSource; digest: string };

const MiB = 1024 * 1024;
/** `zip-bomb-ratio`: one entry of 128 MiB of zeros (≈ 130 KB compressed, ratio ≈ 1000:1). */
export const RATIO_BOMB_SIZE = 128 * MiB;
/** `zip-bomb-total`: 160 entries × 8 MiB = 1.25 GiB uncompressed, each ≈ 38:1 (≈ 35 MB archive). */
export const TOTAL_BOMB_ENTRIES = 160;
export const TOTAL_BOMB_ENTRY_SIZE = 8 * MiB;
/** `oversized`: a stored (uncompressed) archive of 68 MiB + headers, streamed from a temp file. */
export const OVERSIZED_ENTRY_SIZE = 68 * MiB;

const digestOf = (chunks: Iterable<Uint8Array>) => {
  const h = createHash("sha256");
  for (const c of chunks) h.update(c);
  return `sha256:${h.digest("hex")}`;
};

function fromEntries(entries: RawEntry[]): Archive {
  const z = zipLayout(entries);
  return { source: { kind: "chunks", size: z.size, chunks: z.chunks }, digest: digestOf(z.chunks()) };
}

/** An archive served from memory. */
export const fromBuffer = (data: Uint8Array): Archive => ({ source: { kind: "buffer", data }, digest: digestOf([data]) });

/** A deterministic pseudo-random generator (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 128 MiB of zeros as one deflate stream built from a repeated sync-flushed 1 MiB block (no 128 MiB buffer). */
function ratioBomb(): Archive {
  const zeros = Buffer.alloc(MiB);
  const block = zlib.deflateRawSync(zeros, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const n = RATIO_BOMB_SIZE / MiB;
  let crc = 0;
  for (let i = 0; i < n; i++) crc = zlib.crc32(zeros, crc);
  // 0x03 0x00: a final, empty fixed-Huffman block ends the stream.
  const data = [...Array.from({ length: n }, () => block), Buffer.from([0x03, 0x00])];
  return fromEntries([{ name: "zeros.bin", method: 8, crc, size: RATIO_BOMB_SIZE, compressedSize: block.length * n + 2, data }]);
}

/** Many log-like text entries, each compressing ≈ 38:1, all sharing one compressed buffer. */
function totalBomb(): Archive {
  const rnd = prng(7);
  const lines: string[] = [];
  let size = 0;
  while (size < TOTAL_BOMB_ENTRY_SIZE) {
    const n = String(Math.floor(rnd() * 100)).padStart(2, "0");
    const line = `2024-05-02T09:13:45Z INFO worker-${n} processed batch ok status=200 path=/api/items\n`;
    lines.push(line);
    size += line.length;
  }
  const one = entry("x", Buffer.from(lines.join("")).subarray(0, TOTAL_BOMB_ENTRY_SIZE));
  const entries = Array.from({ length: TOTAL_BOMB_ENTRIES }, (_, i) => ({ ...one, name: `logs/part-${String(i + 1).padStart(4, "0")}.log` }));
  return fromEntries(entries);
}

/** A stored archive larger than 64 MiB, written to `file` chunk by chunk (never whole in memory). */
async function oversized(file: string): Promise<Archive> {
  const rnd = prng(11);
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < MiB; i += 4) block.writeUInt32LE(Math.floor(rnd() * 4294967296), i);
  const n = OVERSIZED_ENTRY_SIZE / MiB;
  let crc = 0;
  for (let i = 0; i < n; i++) crc = zlib.crc32(block, crc);
  const z = zipLayout([{ name: "dist/bundle.bin", method: 0, crc, size: OVERSIZED_ENTRY_SIZE, compressedSize: OVERSIZED_ENTRY_SIZE, data: Array.from({ length: n }, () => block) }]);
  const h = createHash("sha256");
  const fd = await fs.promises.open(file, "w");
  try {
    for (const c of z.chunks()) {
      h.update(c);
      await fd.write(c);
    }
  } finally {
    await fd.close();
  }
  return { source: { kind: "file", path: file, size: z.size }, digest: `sha256:${h.digest("hex")}` };
}

/** `test-results`: SARIF, JUnit (nested folder) and a README — an ordinary archive written with fflate. */
export function testResults(): Archive {
  // Flat keys: no directory entries, as upload-artifact writes its zips.
  const data = zipSync({ "README.md": strToU8(readme()), "reports/codeql.sarif": strToU8(sarifReport()), "reports/junit/results.xml": strToU8(junitXml()) });
  return fromBuffer(data);
}

export type SeedArchives = Record<"test-results" | "zip-bomb-ratio" | "zip-bomb-total" | "traversal" | "absolute" | "symlink" | "oversized" | "expired-report", Archive>;

let built: Promise<SeedArchives> | undefined;

/**
 * The seed's archives, built once per process (the oversized one into a temp directory removed at exit). The hostile
 * ones are parseable by a strict reader (yauzl, `validateEntrySizes`): correct sizes and CRCs, only the names,
 * attributes and sizes are hostile.
 */
export function seedArchives(): Promise<SeedArchives> {
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-github-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    const note = "This file should never be written outside the extraction directory.\n";
    return {
      "test-results": testResults(),
      "zip-bomb-ratio": ratioBomb(),
      "zip-bomb-total": totalBomb(),
      traversal: fromEntries([entry("report.txt", "ok\n"), entry("../../evil.txt", note)]),
      absolute: fromEntries([entry("report.txt", "ok\n"), entry("/etc/evil", note)]),
      symlink: fromEntries([entry("report.txt", "ok\n"), entry("passwd", "/etc/passwd", { method: 0, externalAttrs: (S_IFLNK | 0o777) * 0x10000 })]),
      oversized: await oversized(path.join(dir, "oversized.zip")),
      "expired-report": fromEntries([entry("coverage/lcov.info", "TN:\nSF:src/cart.ts\nLF:10\nLH:9\nend_of_record\n")]),
    };
  })();
  return built;
}
