import path from "node:path";
import { getEnv } from "@/lib/env";
import { createDualReadObjectStore } from "./dual-read";
import { createLocalObjectStore } from "./local";
import { lazyObjectStore } from "./lazy";
import type { ObjectStore } from "./types";

export type { ObjectStore, ObjectRef, LocalObjectRef, S3ObjectRef, ByteSource, StreamPutResult } from "./types";
export { isObjectRef } from "./types";

let store: ObjectStore | undefined;

/**
 * The configured object store (`OBJECT_STORE_BACKEND`, alias `OBJECT_STORE`; docs/object-storage.md):
 * `local` under `OBJECT_STORE_DIR` (default `$DATA_DIR/objects`), or `s3` — writes to `OBJECT_STORE_BUCKET` under
 * `OBJECT_STORE_PREFIX`, reads both `s3://` refs and the local refs written before (`createDualReadObjectStore`).
 * The S3 SDK is loaded on the first S3 call (`lazyObjectStore`), so a process on the local store never holds it.
 */
export function getObjectStore(): ObjectStore {
  if (store) return store;
  const env = getEnv();
  const local = createLocalObjectStore(env.objectStoreDir);
  const s3Settings = env.s3;
  store = s3Settings
    ? createDualReadObjectStore({
        s3: lazyObjectStore("s3", async () => (await import("./s3")).createS3ObjectStore({ ...s3Settings, tmpDir: path.join(env.dataDir, "tmp") })),
        local,
      })
    : local;
  return store;
}
