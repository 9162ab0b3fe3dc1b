import { PassThrough } from "node:stream";
import { AppError } from "@/lib/errors";
import { parseObjectRef } from "./object-ref";
import type { ObjectStore } from "./types";

/**
 * A stream returned at once for one that `open()` resolves to later: it carries that stream's bytes and errors, or
 * `open()`'s own failure; destroying it destroys the source. Nothing is opened once it has been destroyed.
 */
export function deferredReadStream(open: () => Promise<NodeJS.ReadableStream>): NodeJS.ReadableStream {
  const out = new PassThrough();
  Promise.resolve()
    .then(() => (out.destroyed ? undefined : open()))
    .then(
      (src) => {
        if (!src) return;
        if (out.destroyed) return void (src as PassThrough).destroy?.();
        src.once("error", (e) => out.destroy(e));
        out.once("close", () => (src as PassThrough).destroy?.());
        src.pipe(out);
      },
      (e: unknown) => out.destroy(e as Error),
    );
  return out;
}

/**
 * An object store whose implementation is loaded on first use: `load()` runs once (a failure is retried by the next
 * call), and every method forwards to what it returns. Used for the S3 backend, whose SDK (≈ 20 MiB of code once
 * loaded) a process only needs when it actually reads or writes an object.
 * `openRead` keeps its contract: a malformed ref throws VALIDATION_ERROR synchronously; otherwise it returns at once a
 * stream that carries the loaded store's stream (or its error, e.g. NOT_FOUND).
 */
export function lazyObjectStore(kind: ObjectStore["kind"], load: () => Promise<ObjectStore>): ObjectStore {
  let loading: Promise<ObjectStore> | undefined;
  const store = () => (loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  }));
  return {
    kind,
    put: async (bytes) => (await store()).put(bytes),
    putStream: async (source, o) => (await store()).putStream(source, o),
    putFile: async (file, o) => (await store()).putFile(file, o),
    get: async (ref) => (await store()).get(ref),
    openRead(ref) {
      if (!parseObjectRef(ref)) throw new AppError("VALIDATION_ERROR", `Malformed object ref: ${ref.slice(0, 120)}`);
      return deferredReadStream(async () => (await store()).openRead(ref));
    },
    has: async (ref) => (await store()).has(ref),
    delete: async (ref) => (await store()).delete(ref),
    presignGet: async (ref, expiresInSeconds) => (await store()).presignGet(ref, expiresInSeconds),
  };
}
