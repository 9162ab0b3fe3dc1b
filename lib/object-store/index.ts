import path from "node:path";
import { getEnv } from "@/lib/env";
import { createDualReadObjectStore } from "./dual-read";
import { createLocalObjectStore } from "./local";
import { createS3ObjectStore } from "./s3";
import type { ObjectStore } from "./types";

export type { ObjectStore, ObjectRef, LocalObjectRef, S3ObjectRef, ByteSource, StreamPutResult } from "./types";
export { isObjectRef } from "./types";

let store: ObjectStore | undefined;

/**
 * The configured object store (`OBJECT_STORE_BACKEND`, alias `OBJECT_STORE`; docs/object-storage.md):
 * `local` under `OBJECT_STORE_DIR` (default `$DATA_DIR/objects`), or `s3` — writes to `OBJECT_STORE_BUCKET` under
 * `OBJECT_STORE_PREFIX`, reads both `s3://` refs and the local refs written before (`createDualReadObjectStore`).
 */
export function getObjectStore(): ObjectStore {
  if (store) return store;
  const env = getEnv();
  const local = createLocalObjectStore(env.objectStoreDir);
  store = env.s3 ? createDualReadObjectStore({ s3: createS3ObjectStore({ ...env.s3, tmpDir: path.join(env.dataDir, "tmp") }), local }) : local;
  return store;
}
