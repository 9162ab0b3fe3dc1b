import fs from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/crypto/hash";
import { isObjectRef, type ObjectRef, type ObjectStore } from "./types";

/**
 * Local filesystem object store: `<root>/sha256/<aa>/<hex>`. Writes go to a temp file then `rename`, so a reader
 * never sees a partial object.
 */
export function createLocalObjectStore(root: string): ObjectStore {
  const fileOf = (ref: string) => {
    if (!isObjectRef(ref)) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref}`);
    const hex = ref.slice(7);
    return path.join(root, "sha256", hex.slice(0, 2), hex);
  };
  return {
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
    async get(ref) {
      try {
        return await fs.readFile(fileOf(ref));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("NOT_FOUND", `No object ${ref}`);
        throw e;
      }
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
}
