import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { isObjectRef, type ObjectRef, type ObjectStore } from "./types";
import { writeStreamToStore } from "./write-stream";

/**
 * Local filesystem object store: `<root>/sha256/<aa>/<hex>`. Writes go to a temp file then `rename` (or `link`), so a
 * reader never sees a partial object. Streaming puts use `<root>/.put-<random>.tmp`.
 */
export function createLocalObjectStore(root: string): ObjectStore {
  const fileOf = (ref: string) => {
    if (!isObjectRef(ref)) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref}`);
    const hex = ref.slice(7);
    return path.join(root, "sha256", hex.slice(0, 2), hex);
  };
  const notFound = (ref: string) => new AppError("NOT_FOUND", `No object ${ref}`);
  const store: ObjectStore = {
    kind: "local",
    async put(bytes) {
      const ref = `sha256/${sha256Hex(bytes)}` as ObjectRef;
      const file = fileOf(ref);
      try {
        await fs.access(file);
      } catch {
        await fs.mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
        await fs.writeFile(tmp, bytes);
        await fs.rename(tmp, file);
      }
      return { ref, size: bytes.byteLength };
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
      const src = createReadStream(fileOf(ref));
      // A PassThrough so a missing object surfaces as the store's NOT_FOUND, not a raw ENOENT with a server path.
      const out = new PassThrough();
      src.once("error", (e) => out.destroy((e as NodeJS.ErrnoException).code === "ENOENT" ? notFound(ref) : e));
      out.once("close", () => src.destroy());
      src.pipe(out);
      return out;
    },
    async has(ref) {
      try {
        await fs.access(fileOf(ref));
        return true;
      } catch {
        return false;
      }
    },
    async delete(ref) {
      await fs.rm(fileOf(ref), { force: true });
    },
  };
  return store;
}
