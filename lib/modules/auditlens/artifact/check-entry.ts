import type { Entry } from "yauzl";
import { exceedsRatio, type ArtifactLimits } from "./limits";
import { zipRefusal } from "./zip-refusal";

/** A central-directory entry that passed every check: a directory, or a file to extract under `path`. */
export type CheckedEntry = { kind: "directory"; path: string } | { kind: "file"; path: string; entry: Entry };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** PKWARE APPNOTE 4.4.4: bit 0 traditional/AES encryption, bit 6 strong encryption; method 99 is WinZip AES. */
const ENCRYPTED_FLAGS = 0x0001 | 0x0040;
const AES_METHOD = 99;
const STORED = 0;
const DEFLATED = 8;

/**
 * Check one entry's name, type and declared sizes (headers only; extraction re-checks the real bytes).
 * Names: `\` already normalised to `/` by yauzl (`strictFileNames: false`); refused when absolute (`/x`, `C:x`,
 * `//server`), with a `..` segment or with a control character (NUL truncation tricks).
 * Types: the Unix mode in the high 16 bits of the external attributes (APPNOTE 4.4.15, Info-ZIP); anything but a
 * regular file or directory (symlink, fifo, device, socket) is refused.
 * @throws AppError VALIDATION_ERROR with reason absolute_path | path_traversal | link_entry | encrypted |
 *   malformed_zip | too_large | zip_bomb (ratio), naming the entry.
 */
export function checkEntry(entry: Entry, limits: ArtifactLimits): CheckedEntry {
  const name = entry.fileName;
  if (name.length === 0) throw zipRefusal("malformed_zip", "Archive entry has an empty name");
  // Check the raw bytes too: yauzl decodes non-UTF-8 names as CP437, which shows bytes 0x01–0x1f as glyphs (☺, ◙),
  // while other unzip tools write them as control characters. In UTF-8, bytes < 0x20 are only ever themselves.
  const rawControl = entry.fileNameRaw?.some((b) => b < 0x20 || b === 0x7f) ?? false;
  if (rawControl || /[\u0000-\u001f\u007f-\u009f]/.test(name)) {
    throw zipRefusal("path_traversal", "Archive entry name contains control characters", name);
  }
  const path = name.replace(/\\/g, "/");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) throw zipRefusal("absolute_path", "Archive entry has an absolute path", name);
  if (path.split("/").includes("..")) throw zipRefusal("path_traversal", "Archive entry escapes the archive root", name);

  if (entry.generalPurposeBitFlag & ENCRYPTED_FLAGS || entry.compressionMethod === AES_METHOD) {
    throw zipRefusal("encrypted", "Archive entry is encrypted", name);
  }
  const type = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (type === S_IFLNK) throw zipRefusal("link_entry", "Archive entry is a symbolic link", name);
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw zipRefusal("link_entry", "Archive entry is not a regular file or directory", name);

  if (path.endsWith("/") || type === S_IFDIR) {
    if (entry.uncompressedSize > 0) throw zipRefusal("malformed_zip", "Archive directory entry carries data", name);
    return { kind: "directory", path };
  }
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw zipRefusal("malformed_zip", `Archive entry uses unsupported compression method ${entry.compressionMethod}`, name);
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw zipRefusal("too_large", `Archive entry declares ${entry.uncompressedSize} bytes, over the ${limits.maxEntryBytes}-byte limit per entry`, name);
  }
  if (exceedsRatio(entry.uncompressedSize, entry.compressedSize, limits.maxRatio)) {
    throw zipRefusal("zip_bomb", `Archive entry declares a compression ratio over ${limits.maxRatio}`, name);
  }
  return { kind: "file", path, entry };
}
