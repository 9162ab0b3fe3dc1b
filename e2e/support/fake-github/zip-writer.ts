import zlib from "node:zlib";

/** One zip entry with its bytes already compressed (`method` 8 = deflate, 0 = stored), as chunks. */
export type RawEntry = {
  name: string;
  method: 0 | 8;
  crc: number;
  size: number;
  compressedSize: number;
  data: readonly Uint8Array[];
  /** Central-directory external attributes; default a regular file, mode 0644 (`0o100644 << 16`). */
  externalAttrs?: number;
};

export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

// 2024-05-02 09:14:00 in MS-DOS format.
const DOS_TIME = (9 << 11) | (14 << 5);
const DOS_DATE = ((2024 - 1980) << 9) | (5 << 5) | 2;
const MADE_BY_UNIX = (3 << 8) | 20;

/** An entry for `content`, deflated (or stored with `method: 0`). */
export function entry(name: string, content: Uint8Array | string, o: { method?: 0 | 8; externalAttrs?: number } = {}): RawEntry {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const method = o.method ?? 8;
  const packed = method === 8 ? zlib.deflateRawSync(data) : data;
  return { name, method, crc: zlib.crc32(data), size: data.byteLength, compressedSize: packed.byteLength, data: [packed], externalAttrs: o.externalAttrs };
}

function header(e: RawEntry, central: boolean, offset: number): Buffer {
  const name = Buffer.from(e.name, "utf8");
  // Bit 11: the name is UTF-8 (APPNOTE 4.4.4), set only when it is not plain ASCII.
  const flags = /^[\x20-\x7e]*$/.test(e.name) ? 0 : 0x0800;
  const b = Buffer.alloc((central ? 46 : 30) + name.length);
  let p = 0;
  const u16 = (v: number) => (p = b.writeUInt16LE(v, p));
  const u32 = (v: number) => (p = b.writeUInt32LE(v >>> 0, p));
  u32(central ? 0x02014b50 : 0x04034b50);
  if (central) u16(MADE_BY_UNIX);
  u16(20);
  u16(flags);
  u16(e.method);
  u16(DOS_TIME);
  u16(DOS_DATE);
  u32(e.crc);
  u32(e.compressedSize);
  u32(e.size);
  u16(name.length);
  u16(0); // extra field length
  if (central) {
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32(e.externalAttrs ?? (S_IFREG | 0o644) * 0x10000);
    u32(offset);
  }
  name.copy(b, p);
  return b;
}

/**
 * A zip archive laid out by hand (local headers, data, central directory, end record; no data descriptors, no
 * zip64), for archives yazl refuses to write (`../` and absolute names, symlinks) and for huge ones that must not be
 * held in memory: `chunks()` yields the bytes afresh each time, sharing the entries' data buffers.
 */
export function zipLayout(entries: RawEntry[]): { size: number; chunks: () => Generator<Uint8Array> } {
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    offsets.push(offset);
    offset += 30 + Buffer.byteLength(e.name) + e.compressedSize;
  }
  if (offset > 0xffffffff || entries.length > 0xffff) throw new Error("zipLayout: zip64 is not supported");
  const central = entries.map((e, i) => header(e, true, offsets[i]!));
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  return {
    size: offset + cdSize + 22,
    chunks: function* () {
      for (const [i, e] of entries.entries()) {
        yield header(e, false, offsets[i]!);
        yield* e.data;
      }
      yield* central;
      yield end;
    },
  };
}
