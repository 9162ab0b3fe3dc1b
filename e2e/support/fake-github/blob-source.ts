/** Where an artifact's zip bytes come from: memory, a file streamed from disk, or chunks generated on demand. */
export type BlobSource =
  | { kind: "buffer"; data: Uint8Array }
  | { kind: "file"; path: string; size: number }
  | { kind: "chunks"; size: number; chunks: () => Iterable<Uint8Array> };
