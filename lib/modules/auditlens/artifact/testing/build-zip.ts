// Test-only helpers: build zip archives on the fly (good ones with yazl, hostile ones with fflate or by patching
// header bytes). Not imported by production code.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { zipSync, type Zippable } from "fflate";
import yazl from "yazl";

export type YazlItem =
  | { name: string; data: Buffer | string; mode?: number; compress?: boolean }
  | { name: string; stream: () => Readable; compress?: boolean }
  | { name: string; directory: true };

/** A zip built by yazl (what archiver-style writers such as actions/upload-artifact produce). */
export async function yazlZip(items: YazlItem[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    if ("directory" in item) zip.addEmptyDirectory(item.name);
    else if ("stream" in item) zip.addReadStream(item.stream(), item.name, { compress: item.compress ?? true });
    else zip.addBuffer(Buffer.from(item.data), item.name, { compress: item.compress ?? true, ...(item.mode ? { mode: item.mode } : {}) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A zip built by fflate, which writes any name it is given (`../x`, `/x`, `C:\x`, NUL). */
export function fflateZip(files: Zippable): Buffer {
  return Buffer.from(zipSync(files, { level: 6 }));
}

/** `count` chunks of `chunkBytes` zero bytes as a stream, without allocating the whole. */
export function zeros(count: number, chunkBytes = 1024 * 1024): Readable {
  const chunk = Buffer.alloc(chunkBytes);
  return Readable.from((function* () {
    for (let i = 0; i < count; i++) yield chunk;
  })());
}

/** Offsets of the central-directory record and local header of entry `index`. */
function headerOffsets(zip: Buffer, index: number): { cd: number; local: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("no end of central directory record");
  let cd = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < index; i++) cd += 46 + zip.readUInt16LE(cd + 28) + zip.readUInt16LE(cd + 30) + zip.readUInt16LE(cd + 32);
  return { cd, local: zip.readUInt32LE(cd + 42) };
}

/** A copy of `zip` whose entry `index` lies in its headers (APPNOTE 4.3.7 local / 4.3.12 central layouts). */
export function patchEntry(zip: Buffer, index: number, patch: { uncompressedSize?: number; compressedSize?: number; flags?: number; externalAttributes?: number }): Buffer {
  const out = Buffer.from(zip);
  const { cd, local } = headerOffsets(out, index);
  if (patch.flags !== undefined) {
    out.writeUInt16LE(patch.flags, cd + 8);
    out.writeUInt16LE(patch.flags, local + 6);
  }
  if (patch.compressedSize !== undefined) out.writeUInt32LE(patch.compressedSize, cd + 20);
  if (patch.uncompressedSize !== undefined) out.writeUInt32LE(patch.uncompressedSize, cd + 24);
  if (patch.externalAttributes !== undefined) out.writeUInt32LE(patch.externalAttributes >>> 0, cd + 38);
  return out;
}

/** Offset of entry `index`'s file data (after its local header), e.g. to corrupt it. */
export function dataOffset(zip: Buffer, index: number): number {
  const { local } = headerOffsets(zip, index);
  return local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
}

/** XOR the byte at `at` with `mask`, in place (to corrupt data). */
export function flip(buf: Buffer, at: number, mask: number): void {
  buf.writeUInt8(buf.readUInt8(at) ^ mask, at);
}

/** Write `bytes` to a fresh temp file and return its path. */
export async function writeTempZip(bytes: Uint8Array, name = "artifact.zip"): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "oa-zip-"));
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

/** Every file under `dir`, relative: proves a refused archive left no object and no temp file in the store. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}
