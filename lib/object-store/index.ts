import { getEnv } from "@/lib/env";
import { createLocalObjectStore } from "./local";
import type { ObjectStore } from "./types";

export type { ObjectStore, ObjectRef, ByteSource, StreamPutResult } from "./types";
export { isObjectRef } from "./types";

let store: ObjectStore | undefined;

/** The configured object store (`OBJECT_STORE`; `local` under `./.data/objects` by default). */
export function getObjectStore(): ObjectStore {
  if (!store) store = createLocalObjectStore(getEnv().objectStoreDir);
  return store;
}
