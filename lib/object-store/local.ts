import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { parseObjectRef, type ObjectRef } from "./object-ref";
import type { ObjectStore } from "./types";
import { writeStreamToStore } from "./write-stream";

/**
 * Local filesystem object store: `<root>/sha256/<aa>/<hex>`, refs `sha256/<hex>`. Writes go to a temp file then
 * `rename` (or `link`), so a reader never sees a partial object. Streaming puts use `<root>/.put-<random>.tmp`.
 * An `s3://` ref is well-formed but not in this store: NOT_FOUND (a server switched back from S3 to local).
 */
export function createLocalObjectStore(root: string): ObjectStore {
  const notFound = (ref: string) => new AppError("NOT_FOUND", `No object ${ref}`);
  /** The file of a local ref; null for an `s3://` ref. @throws AppError VALIDATION_ERROR for a malformed ref. */
  const locate = (ref: string): string | null => {
    const parsed = parseObjectRef(ref);
    if (!parsed) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref.slice(0, 120)}`);
    return parsed.kind === "local" ? path.join(root, "sha256", parsed.hex.slice(0, 2), parsed.hex) : null;
  };
  const fileOf = (ref: string) => {
    const file = locate(ref);
    if (!file) throw notFound(ref);
    return file;
  };
  const store: ObjectStore = {
    kind: "local",
    async put(bytes) {
      const ref = `sha256/${sha256Hex(bytes)}` as ObjectRef;
      const file = fileOf(ref);
      try {
        await fs.access(file);
        return { ref, size: bytes.byteLength, created: false };
      } catch {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
        await fs.writeFile(tmp, bytes);
        await fs.rename(tmp, file);
        return { ref, size: bytes.byteLength, created: true };
      }
    },
    putStream(source, o) {
      return writeStreamToStore(root, fileOf, source, o);
    },
    putFile(file, o) {
      return writeStreamToStore(root, fileOf, createReadStream(file), o);
    },
    async get(ref) {
      try {
        return await fs.readFile(fileOf(ref));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") throw notFound(ref);
        throw e;
      }
    },
    openRead(ref) {
      const file = locate(ref);
      // A PassThrough so a missing object surfaces as the store's NOT_FOUND, not a raw ENOENT with a server path.
      const out = new PassThrough();
      if (!file) {
        process.nextTick(() => out.destroy(notFound(ref)));
        return out;
      }
      const src = createReadStream(file);
      src.once("error", (e) => out.destroy((e as NodeJS.ErrnoException).code === "ENOENT" ? notFound(ref) : e));
      out.once("close", () => src.destroy());
      src.pipe(out);
      return out;
    },
    async has(ref) {
      const file = locate(ref);
      if (!file) return false;
      try {
        await fs.access(file);
        return true;
      } catch {
        return false;
      }
    },
    async delete(ref) {
      const file = locate(ref);
      if (file) await fs.rm(file, { force: true });
    },
    async presignGet(ref) {
      locate(ref);
      return null;
    },
  };
  return store;
}
