import { AppError, isAppError } from "@/lib/errors";
import { deferredReadStream } from "./lazy";
import { parseObjectRef } from "./object-ref";
import type { ObjectStore } from "./types";

/**
 * The `s3` backend as the app uses it: every write goes to S3 (`s3://…` refs), and every read resolves both ref forms,
 * so nothing needs migrating when a server switches from `local` to `s3` — receipts' `result_ref`s and scans'
 * screenshots written before stay readable:
 * - `s3://<bucket>/<prefix>/sha256/<hex>` → S3 only (and only the configured bucket and prefix; others NOT_FOUND);
 * - `sha256/<hex>` → the local root first, then the same bytes in S3 (an object copied by `npm run objects:migrate`
 *   after the local directory was dropped).
 * A ref found nowhere is `NOT_FOUND`. `delete` removes exactly what the ref names (refs are compared as strings by
 * their owners, so a local ref's S3 copy may still be another ref's object). Presigned URLs only for `s3://` refs.
 */
export function createDualReadObjectStore({ s3, local }: { s3: ObjectStore; local: ObjectStore }): ObjectStore {
  const isLocal = (ref: string) => {
    const parsed = parseObjectRef(ref);
    if (!parsed) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref.slice(0, 120)}`);
    return parsed.kind === "local";
  };
  const notFound = (e: unknown) => isAppError(e) && e.code === "NOT_FOUND";
  return {
    kind: "s3",
    put: (bytes) => s3.put(bytes),
    putStream: (source, o) => s3.putStream(source, o),
    putFile: (file, o) => s3.putFile(file, o),
    async get(ref) {
      if (!isLocal(ref)) return s3.get(ref);
      try {
        return await local.get(ref);
      } catch (e) {
        if (!notFound(e)) throw e;
        return s3.get(ref);
      }
    },
    openRead(ref) {
      if (!isLocal(ref)) return s3.openRead(ref);
      return deferredReadStream(async () => ((await local.has(ref)) ? local.openRead(ref) : s3.openRead(ref)));
    },
    async has(ref) {
      return isLocal(ref) ? (await local.has(ref)) || (await s3.has(ref)) : s3.has(ref);
    },
    delete: (ref) => (isLocal(ref) ? local.delete(ref) : s3.delete(ref)),
    async presignGet(ref, expiresInSeconds) {
      return isLocal(ref) ? null : s3.presignGet(ref, expiresInSeconds);
    },
  };
}
